package learn.redis.counting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import learn.redis.support.CommandMonitor;
import learn.redis.support.CommandMonitor.Command;
import learn.redis.support.RedisLab;
import learn.redis.support.RedisStats;
import learn.redis.support.Task;
import learn.redis.support.Todo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * Lab 14. {@code redis} is the test's own client: it sets things up and reads what the server really holds, so a
 * test sees the truth even when the code under test is wrong.
 */
@RedisLab
@DisplayName("Lab 14 · Bitmaps, HyperLogLog, geo and a Bloom filter")
class CountingTest {

    static final LocalDate MONDAY = LocalDate.of(2026, 11, 30);

    RedisClient redis;
    RedisStats stats;

    @BeforeEach
    void setUp(RedisClient redis, RedisStats stats) {
        this.redis = redis;
        this.stats = stats;
    }

    @Nested
    @Task(1)
    @DisplayName("Task 1: daily sign-ins in bitmaps")
    class Task1_SignIns {

        SignIns signIns;

        @BeforeEach
        void setUp() {
            signIns = new SignIns(redis, 1_000_000);
        }

        @Test
        @DisplayName("a sign-in sets the user's bit in the day's bitmap, and reading it back uses GETBIT and BITCOUNT")
        void recordSetsOneBit() {
            signIns.record(7, MONDAY);
            signIns.record(7, MONDAY);
            signIns.record(8_000, MONDAY);

            String key = CountingKeys.signIns(MONDAY);
            assertThat(redis.type(key)).as("TYPE %s: a bitmap is a plain string whose bit n is user n; a set or a"
                    + " hash of user ids costs dozens of bytes per user instead of one bit (use SETBIT)", key)
                    .isEqualTo("string");
            assertThat(redis.getbit(key, 7)).as("GETBIT %s 7 after record(7): the bit offset is the user id", key)
                    .isTrue();
            assertThat(redis.strlen(key)).as("STRLEN %s after recording users 7 and 8000: a bitmap is as long as its"
                    + " highest bit, 8000 / 8 + 1 = 1001 bytes", key).isEqualTo(1001);
            stats.reset();

            assertThat(signIns.signedIn(7, MONDAY)).as("signedIn(7, day) after record(7, day)").isTrue();
            assertThat(signIns.signedIn(6, MONDAY)).as("signedIn(6, day): nobody recorded user 6").isFalse();
            assertThat(signIns.signedIn(7, MONDAY.plusDays(1))).as("signedIn(7, next day): each day has a bitmap of"
                    + " its own").isFalse();
            assertThat(signIns.count(MONDAY)).as("count(day): users 7 (twice) and 8000 signed in; a bit set twice is"
                    + " still one bit").isEqualTo(2);
            assertThat(stats.calls("get") + stats.calls("getrange")).as("GET/GETRANGE calls while reading: fetching"
                    + " the whole bitmap to test one bit or count them in Java ships every byte over the network;"
                    + " ask the server with GETBIT and BITCOUNT").isZero();
            assertThat(stats.calls("bitcount")).as("BITCOUNT calls for one count(day)").isEqualTo(1);
        }

        @Test
        @DisplayName("ten thousand users cost about 1.25 KB a day, a hundred times less than a set of their ids")
        void bitmapIsCompact() {
            IntStream.range(0, 10_000).forEach(user -> signIns.record(user, MONDAY));

            Long bytes = redis.memoryUsage(CountingKeys.signIns(MONDAY));

            assertThat(bytes).as("MEMORY USAGE of the day's key after 10 000 sign-ins: 10 000 bits are 1250 bytes"
                    + " (plus a little overhead); did you store the ids some other way than with SETBIT?")
                    .isNotNull().isLessThan(2_500L);
            assertThat(signIns.count(MONDAY)).as("count(day) after users 0..9999 signed in").isEqualTo(10_000);
        }

        @Test
        @DisplayName("users active every day of a week are counted with one BITOP AND on the server, leaving no key")
        void everyDayUsesBitopAnd(CommandMonitor monitor) {
            for (int day = 0; day < 7; day++) {
                signIns.record(1, MONDAY.plusDays(day));
                signIns.record(2, MONDAY.plusDays(day));
                if (day != 3) {
                    signIns.record(3, MONDAY.plusDays(day));
                }
            }
            signIns.record(4, MONDAY);
            List<String> before = stats.allKeys();
            stats.reset();

            List<Command> commands = monitor.during(() -> assertThat(signIns.everyDay(MONDAY, MONDAY.plusDays(6)))
                    .as("everyDay(Monday, Sunday): users 1 and 2 signed in daily, 3 missed Thursday, 4 came once")
                    .isEqualTo(2));

            assertThat(stats.calls("getbit") + stats.calls("get")).as("GETBIT/GET calls: combining the days in Java"
                    + " reads every bit or every byte over the network; BITOP AND combines them on the server")
                    .isZero();
            assertThat(stats.calls("bitop")).as("BITOP calls for one everyDay(): one BITOP AND takes all seven"
                    + " days at once").isEqualTo(1);
            int bitop = indexOf(commands, "bitop");
            assertThat(commands.get(bitop).args()).as("the BITOP command sent: AND, a destination, then the seven"
                    + " day keys").hasSize(10).element(1).isEqualTo("AND");
            assertThat(CommandMonitor.insideMultiExec(commands, bitop)).as("was BITOP inside MULTI/EXEC with the"
                    + " BITCOUNT and DEL of its result? Sent one by one, a crash (or an exception) between them leaves"
                    + " the result key behind for good; commands: %s", commands).isTrue();
            assertThat(stats.allKeys()).as("keys after everyDay(): BITOP's destination must be deleted (DEL it in"
                    + " the same MULTI/EXEC), or every report leaves a bitmap behind")
                    .containsExactlyInAnyOrderElementsOf(before);
        }

        @Test
        @DisplayName("users active on any day are counted with BITOP OR; a day nobody signed in counts as empty")
        void anyDayUsesBitopOr() {
            signIns.record(1, MONDAY);
            signIns.record(2, MONDAY.plusDays(2));
            signIns.record(1, MONDAY.plusDays(2));
            stats.reset();

            assertThat(signIns.anyDay(MONDAY, MONDAY.plusDays(2))).as("anyDay(Monday, Wednesday): users 1 and 2"
                    + " (Tuesday has no bitmap at all, which BITOP treats as all zeros)").isEqualTo(2);
            assertThat(signIns.everyDay(MONDAY, MONDAY.plusDays(2))).as("everyDay(Monday, Wednesday): nobody"
                    + " signed in on Tuesday, so nobody was active every day").isZero();
            assertThat(signIns.anyDay(MONDAY.plusDays(1), MONDAY.plusDays(1))).as("anyDay(Tuesday, Tuesday): a day"
                    + " without a bitmap").isZero();
            assertThat(stats.calls("bitop")).as("BITOP calls for three reports").isEqualTo(3);
            assertThat(stats.allKeys()).as("keys after three reports: only the two day bitmaps")
                    .containsExactlyInAnyOrder(CountingKeys.signIns(MONDAY), CountingKeys.signIns(MONDAY.plusDays(2)));
        }

        @Test
        @DisplayName("the first user of the day comes from BITPOS, and a day without sign-ins gives an empty answer")
        void firstSignInUsesBitpos() {
            signIns.record(4_242, MONDAY);
            signIns.record(99_000, MONDAY);
            stats.reset();

            OptionalLong first = signIns.firstSignIn(MONDAY);
            OptionalLong none = signIns.firstSignIn(MONDAY.plusDays(1));

            assertThat(first).as("firstSignIn(day) with users 4242 and 99000").hasValue(4_242);
            assertThat(none).as("firstSignIn(a day without sign-ins): BITPOS answers -1 for a missing key; that is"
                    + " not a user id, so return OptionalLong.empty()").isEmpty();
            assertThat(stats.calls("bitpos")).as("BITPOS calls: one per firstSignIn, the server finds the first set"
                    + " bit").isEqualTo(2);
            assertThat(stats.calls("getbit")).as("GETBIT calls: probing bit after bit costs a round trip per user"
                    + " id").isZero();
        }

        @Test
        @DisplayName("negative ids, ids above the maximum and reversed ranges are refused before anything is written")
        void badInputIsRefused() {
            assertThat(catchThrowable(() -> new SignIns(redis, -1))).as("what new SignIns(redis, -1) threw (null:"
                    + " nothing was thrown): expected IllegalArgumentException").isInstanceOf(
                    IllegalArgumentException.class);
            assertThat(catchThrowable(() -> new SignIns(redis, 1L << 32))).as("what new SignIns(redis, 2^32)"
                    + " threw: Redis's last bit offset is 2^32 - 1 (a 512 MB string)").isInstanceOf(
                    IllegalArgumentException.class);
            assertThat(Todo.surfacing(catchThrowable(() -> signIns.record(-1, MONDAY)))).as("what record(-1, day)"
                    + " threw (null: nothing was thrown): expected IllegalArgumentException, a bit offset cannot be"
                    + " negative").isInstanceOf(IllegalArgumentException.class);
            assertThat(catchThrowable(() -> signIns.record(1_000_001, MONDAY))).as("what record(1 000 001, day)"
                    + " threw with maxUserId 1 000 000: one id far above the others makes the day's string as long as"
                    + " that id / 8 bytes; refuse it (and map sparse ids to dense ones)").isInstanceOf(
                    IllegalArgumentException.class);
            assertThat(catchThrowable(() -> signIns.everyDay(MONDAY.plusDays(1), MONDAY))).as("what everyDay(Tuesday,"
                    + " Monday) threw: the first day is after the last").isInstanceOf(IllegalArgumentException.class);
            assertThat(catchThrowable(() -> signIns.anyDay(MONDAY, MONDAY.plusDays(SignIns.MAX_DAYS)))).as("what"
                    + " anyDay over MAX_DAYS + 1 days threw: one BITOP over years of bitmaps is a long-running command"
                    + " that blocks every other client").isInstanceOf(IllegalArgumentException.class);
            assertThat(stats.allKeys()).as("keys after refused calls: check the input before writing").isEmpty();
        }
    }

    @Nested
    @Task(2)
    @DisplayName("Task 2: unique visitors with HyperLogLog")
    class Task2_UniqueVisitors {

        UniqueVisitors visitors;

        @BeforeEach
        void setUp() {
            visitors = new UniqueVisitors(redis);
        }

        @Test
        @DisplayName("100 000 visits by 40 000 visitors are estimated within 2.5 % in about 12 KB")
        void estimateIsCloseAndSmall() {
            List<String> visits = visits(new Random(14), 40_000, 100_000);

            visitors.record("home", MONDAY, visits);

            String key = CountingKeys.visitors("home", MONDAY);
            assertThat(visitors.count("home", MONDAY)).as("count(home, day) for 40 000 distinct visitors: a"
                    + " HyperLogLog's standard error is 0.81 %, so three of them (2.5 %) bound a correct estimate."
                    + " Far off? Did every id reach PFADD?").isCloseTo(40_000L, within(1_000L));
            assertThat(redis.memoryUsage(key)).as("MEMORY USAGE %s: a HyperLogLog never grows past 12 KB of"
                    + " registers (about 14 KB with Redis's overhead); a set of 40 000 ids would take megabytes", key)
                    .isNotNull().isLessThanOrEqualTo(16_000L);
            assertThat(redis.type(key)).as("TYPE %s: a HyperLogLog is stored as a string (PFADD creates it)", key)
                    .isEqualTo("string");
        }

        @Test
        @DisplayName("ids are sent in batches of at most 1000 per PFADD, not one command per id")
        void idsAreBatched() {
            List<String> visits = IntStream.range(0, 2_500).mapToObj(i -> "visitor-" + i).toList();
            stats.reset();

            visitors.record("home", MONDAY, visits);

            assertThat(stats.calls("pfadd")).as("PFADD calls for 2 500 ids: PFADD takes many elements, so 1000 per"
                    + " command makes 3 commands; one per id makes 2 500 round trips").isEqualTo(3);
            assertThat(visitors.count("home", MONDAY)).as("count after 2 500 distinct ids (small counts are"
                    + " almost exact)").isCloseTo(2_500L, within(60L));
        }

        @Test
        @DisplayName("a visitor seen twice counts once, and each page and day has its own count")
        void repeatsCountOnce() {
            visitors.record("home", MONDAY, List.of("ann", "bob", "ann"));
            visitors.record("home", MONDAY, List.of("bob"));
            visitors.record("cart", MONDAY, List.of("ann"));

            assertThat(visitors.count("home", MONDAY)).as("count(home, day) after ann, bob, ann, bob").isEqualTo(2);
            assertThat(visitors.count("cart", MONDAY)).as("count(cart, day): another page, another key")
                    .isEqualTo(1);
            assertThat(visitors.count("home", MONDAY.plusDays(1))).as("count(home, next day): nobody yet").isZero();
        }

        @Test
        @DisplayName("a day's estimate is kept 35 days: PEXPIRE with every record, the week's merged key too")
        void keysExpire() {
            visitors.record("home", MONDAY, List.of("ann"));
            visitors.week("home", MONDAY);

            for (String key : List.of(CountingKeys.visitors("home", MONDAY),
                    CountingKeys.weeklyVisitors("home", MONDAY))) {
                long pttl = redis.pttl(key);
                assertThat(pttl).as("PTTL %s is -2: the key does not exist. Did record() PFADD to"
                        + " CountingKeys.visitors, and week() PFMERGE into CountingKeys.weeklyVisitors?", key)
                        .isNotEqualTo(-2L);
                assertThat(pttl).as("PTTL %s: every counter needs a TTL, or a key per page and day piles up"
                        + " forever; expected 35 days (did you pass seconds where milliseconds were meant, or the"
                        + " other way round?)", key).isBetween(Duration.ofDays(35).minusMinutes(1).toMillis(),
                        Duration.ofDays(35).toMillis());
            }
        }

        @Test
        @DisplayName("a week's unique visitors come from one PFMERGE, so someone seen on several days counts once")
        void weekMergesDays() {
            Random random = new Random(7);
            for (int day = 0; day < 7; day++) {
                // the same 3 000 regulars every day, plus 1 000 visitors seen only that day
                List<String> visits = new ArrayList<>(IntStream.range(0, 3_000).mapToObj(i -> "regular-" + i)
                        .toList());
                int today = day;
                IntStream.range(0, 1_000).mapToObj(i -> "once-" + today + "-" + i).forEach(visits::add);
                Collections.shuffle(visits, random);
                visitors.record("home", MONDAY.plusDays(day), visits);
            }
            visitors.record("home", MONDAY.plusDays(7), List.of("next-monday"));
            stats.reset();

            long week = visitors.week("home", MONDAY);

            assertThat(week).as("week(home, Monday): 3 000 regulars + 7 × 1 000 one-time visitors = 10 000. About"
                    + " 28 000 means the daily counts were added up (regulars counted seven times); PFMERGE the seven"
                    + " days instead. Did you include the eighth day?").isCloseTo(10_000L, within(250L));
            assertThat(stats.calls("pfmerge")).as("PFMERGE calls for one week()").isEqualTo(1);
            assertThat(redis.pfcount(CountingKeys.weeklyVisitors("home", MONDAY))).as("PFCOUNT of the merged week"
                    + " key: week() keeps the merged HyperLogLog under CountingKeys.weeklyVisitors")
                    .isCloseTo(10_000L, within(250L));
        }
    }

    @Nested
    @Task(3)
    @DisplayName("Task 3: stores near a user with GEOSEARCH")
    class Task3_StoreLocator {

        StoreLocator locator;

        @BeforeEach
        void setUp() {
            locator = new StoreLocator(redis);
            // Around Berlin's Alexanderplatz (13.4132, 52.5219): distances are real ones.
            locator.put("alex", 13.4132, 52.5219);
            locator.put("museum-island", 13.3990, 52.5169);
            locator.put("brandenburg-gate", 13.3777, 52.5163);
            locator.put("zoo", 13.3347, 52.5079);
            locator.put("potsdam", 13.0645, 52.3906);
        }

        @Test
        @DisplayName("the nearest stores come first, with their distance, and the server applies COUNT")
        void nearestFirst(CommandMonitor monitor) {
            List<Command> commands = monitor.during(() -> assertThat(locator.nearest(13.4132, 52.5219, 10, 3))
                    .as("nearest(Alexanderplatz, 10 km, 3): the three nearest within 10 km, nearest first (with ANY, the"
                            + " server returns the first three it finds, which are near but not the nearest)")
                    .extracting(NearbyStore::id).containsExactly("alex", "museum-island", "brandenburg-gate"));

            List<NearbyStore> found = locator.nearest(13.4132, 52.5219, 10, 3);
            assertThat(found.get(1).distanceKm()).as("distance to museum-island in km (about 1.11 km): did you ask"
                    + " for WITHDIST in KM, not the default metres?").isCloseTo(1.11, within(0.02));
            List<Command> searches = commands.stream().filter(c -> c.name().equals("geosearch")).toList();
            assertThat(searches).as("GEOSEARCH commands sent (GEORADIUS is deprecated since Redis 6.2; GEOPOS of"
                    + " every store and a distance computed in Java reads the whole set); commands: %s", commands)
                    .hasSize(1);
            assertThat(searches.get(0).args()).as("GEOSEARCH arguments: COUNT 3 lets the server send only three"
                    + " stores instead of all within the radius")
                    .map(String::toUpperCase).containsSubsequence("COUNT", "3");
            assertThat(searches.get(0).args()).as("GEOSEARCH arguments: ANY stops at the first matches it finds,"
                    + " which are near but not the nearest; leave it out (ASC or no order: COUNT sorts by distance)")
                    .map(String::toUpperCase).doesNotContain("ANY");
        }

        @Test
        @DisplayName("the radius is in kilometres and stores outside it are left out")
        void radiusIsKilometres() {
            assertThat(locator.nearest(13.4132, 52.5219, 2, 10)).as("nearest(Alexanderplatz, 2 km, 10): alex and"
                    + " museum-island (1.11 km) only; brandenburg-gate is 2.5 km away. A radius in metres finds only"
                    + " alex; in miles, too many").extracting(NearbyStore::id)
                    .containsExactly("alex", "museum-island");
            assertThat(locator.nearest(13.0645, 52.3906, 0.5, 10)).as("nearest(Potsdam, 0.5 km, 10): a radius"
                    + " that is not a whole number of kilometres").extracting(NearbyStore::id)
                    .containsExactly("potsdam");
        }

        @Test
        @DisplayName("a box search and GEODIST answer too, and an unknown store has no distance")
        void boxAndDistance() {
            assertThat(locator.inBox(13.4132, 52.5219, 8, 2)).as("inBox(Alexanderplatz, 8 km wide, 2 km high):"
                    + " alex, museum-island and brandenburg-gate (2.4 km west); the zoo is 5.5 km west, outside a"
                    + " box 4 km each side of the centre. Width is east-west, height north-south")
                    .containsExactlyInAnyOrder("alex", "museum-island", "brandenburg-gate");
            assertThat(locator.distanceKm("alex", "potsdam")).as("distanceKm(alex, potsdam): about 27.8 km")
                    .isPresent().hasValueCloseTo(27.8, within(0.2));
            assertThat(locator.distanceKm("alex", "atlantis")).as("distanceKm(alex, an unknown store): GEODIST"
                    + " answers nil, which must become an empty OptionalDouble, not 0 or an exception").isEmpty();
        }

        @Test
        @DisplayName("coordinates out of range, a radius of zero and a count of zero are refused clearly")
        void badInputIsRefused() {
            redis.del(CountingKeys.stores());
            assertThat(Todo.surfacing(catchThrowable(() -> locator.put("north-pole", 0, 90)))).as("what put at"
                    + " latitude 90 threw: Redis cannot index beyond ±85.05112878; refuse it with an"
                    + " IllegalArgumentException before calling Redis (whose error is a JedisDataException)")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(catchThrowable(() -> locator.put("swapped", 52.5219, 13.4132 + 180))).as("what put with"
                    + " longitude and latitude swapped (latitude 193) threw").isInstanceOf(
                    IllegalArgumentException.class);
            assertThat(catchThrowable(() -> locator.nearest(13.4, 52.5, 0, 3))).as("what nearest with radius 0"
                    + " threw: a search with no radius finds nothing, so it is a caller's bug")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(catchThrowable(() -> locator.nearest(13.4, 52.5, 5, 0))).as("what nearest with count 0"
                    + " threw").isInstanceOf(IllegalArgumentException.class);
            assertThat(redis.exists(CountingKeys.stores())).as("the stores key exists after refused calls")
                    .isFalse();
        }
    }

    @Nested
    @Task(4)
    @DisplayName("Task 4: a cache of nearby answers per geohash cell that stays right when a store moves")
    class Task4_NearbyCache {

        StoreLocator locator;

        @BeforeEach
        void setUp() {
            locator = new StoreLocator(redis);
            locator.put("alex", 13.4132, 52.5219);
            locator.put("museum-island", 13.3990, 52.5169);
            locator.put("zoo", 13.3347, 52.5079);
        }

        NearbyCache cache(Duration ttl) {
            return new NearbyCache(redis, locator, ttl, 3, 5);
        }

        @Test
        @DisplayName("two users in the same cell share one GEOSEARCH; the answer is kept with the TTL in milliseconds")
        void sameCellSharesAnAnswer() {
            NearbyCache cache = cache(Duration.ofMillis(90_500));
            GeoCell cell = GeoCell.of(13.4132, 52.5219);
            stats.reset();

            List<String> first = cache.nearby(13.4132, 52.5219);
            List<String> second = cache.nearby(13.4140, 52.5225);

            assertThat(GeoCell.of(13.4140, 52.5225)).as("the two points share a cell (test set-up)").isEqualTo(cell);
            assertThat(first).as("nearby(Alexanderplatz) with a 3 km radius around the cell's centre")
                    .contains("alex", "museum-island").doesNotContain("zoo");
            assertThat(second).as("nearby(a point in the same cell): the cached answer").isEqualTo(first);
            assertThat(stats.calls("geosearch")).as("GEOSEARCH calls for two users in one cell: the second must be"
                    + " served from the cached answer (key CountingKeys.nearbyAnswer(generation, cell))").isEqualTo(1);
            String key = CountingKeys.nearbyAnswer(0, cell);
            assertThat(redis.exists(key)).as("EXISTS %s: the answer for generation 0 (no store moved yet)", key)
                    .isTrue();
            assertThat(redis.pttl(key)).as("PTTL %s with a TTL of 90.5 s: expected up to 90 500 ms; 90 000 means"
                    + " the TTL was cut to whole seconds (use PX / psetex / SetParams.px)", key)
                    .isGreaterThan(90_000L).isLessThanOrEqualTo(90_500L);
        }

        @Test
        @DisplayName("a TTL under a second is kept, not rounded to zero or to a second")
        void subSecondTtl() {
            NearbyCache cache = cache(Duration.ofMillis(700));
            GeoCell cell = GeoCell.of(13.4132, 52.5219);

            assertThat(Todo.surfacing(catchThrowable(() -> cache.nearby(13.4132, 52.5219)))).as("what nearby()"
                    + " threw with a TTL of 700 ms: SETEX and EX take whole seconds and refuse 0; send milliseconds"
                    + " (PSETEX, or SET ... PX)").isNull();

            long pttl = redis.pttl(CountingKeys.nearbyAnswer(0, cell));
            assertThat(pttl).as("PTTL of an answer cached for 700 ms: -2 means it was never stored or expired at"
                    + " once (0 seconds), 1000 means it was rounded up to a second").isBetween(1L, 700L);
        }

        @Test
        @DisplayName("a cell with no store nearby is cached too, as an empty answer")
        void emptyAnswerIsCached() {
            NearbyCache cache = cache(Duration.ofMinutes(5));
            stats.reset();

            assertThat(cache.nearby(2.3522, 48.8566)).as("nearby(Paris): no store within 3 km").isEmpty();
            assertThat(cache.nearby(2.3522, 48.8566)).as("nearby(Paris) again").isEmpty();

            assertThat(stats.calls("geosearch")).as("GEOSEARCH calls for two lookups in an empty cell: an empty"
                    + " answer must be cached as well (an empty string, say), or every user there goes to the geo"
                    + " set").isEqualTo(1);
        }

        @Test
        @DisplayName("after a store moves, no cell serves its old position: moving starts a new generation")
        void moveInvalidatesEveryCell() {
            NearbyCache cache = cache(Duration.ofMinutes(5));
            assertThat(cache.nearby(13.4132, 52.5219)).as("nearby(Alexanderplatz) before the move")
                    .contains("museum-island");
            assertThat(cache.nearby(13.3347, 52.5079)).as("nearby(zoo) before the move").doesNotContain(
                    "museum-island");

            cache.move("museum-island", 13.3360, 52.5085);

            assertThat(cache.nearby(13.4132, 52.5219)).as("nearby(Alexanderplatz) after museum-island moved next to"
                    + " the zoo: the old cached answer was served. Did move() INCR the generation"
                    + " (CountingKeys.nearbyGeneration) and nearby() put the generation into the key?")
                    .doesNotContain("museum-island");
            assertThat(cache.nearby(13.3347, 52.5079)).as("nearby(zoo) after museum-island moved there: a cell that"
                    + " did not list it before must list it now").contains("museum-island");
            assertThat(locator.distanceKm("museum-island", "zoo")).as("distance museum-island to zoo after the move:"
                    + " did move() GEOADD the new position?").hasValueCloseTo(0.1, within(0.1));
        }

        @Test
        @DisplayName("a move writes the position and the new generation in one MULTI/EXEC")
        void moveIsOneStep(CommandMonitor monitor) {
            NearbyCache cache = cache(Duration.ofMinutes(5));

            List<Command> commands = monitor.during(() -> cache.move("zoo", 13.3360, 52.5085));

            int geoadd = indexOf(commands, "geoadd");
            int incr = indexOf(commands, "incr");
            assertThat(CommandMonitor.inAtomicStep(commands, geoadd) && CommandMonitor.inAtomicStep(commands, incr))
                    .as("were GEOADD and INCR of the generation in one MULTI/EXEC? With INCR first and GEOADD"
                            + " second, a reader in between caches the old position under the new generation, and"
                            + " it is served until the TTL ends; commands: %s", commands).isTrue();
        }

        @Test
        @DisplayName("a TTL of zero or a negative radius is refused")
        void badInputIsRefused() {
            assertThat(catchThrowable(() -> new NearbyCache(redis, locator, Duration.ZERO, 3, 5))).as("what new"
                    + " NearbyCache(ttl 0) threw (null: nothing was thrown)").isInstanceOf(
                    IllegalArgumentException.class);
            assertThat(catchThrowable(() -> new NearbyCache(redis, locator, Duration.ofSeconds(-1), 3, 5))).as(
                    "what new NearbyCache(ttl -1 s) threw").isInstanceOf(IllegalArgumentException.class);
            assertThat(catchThrowable(() -> new NearbyCache(redis, locator, Duration.ofMinutes(1), -3, 5))).as(
                    "what new NearbyCache(radius -3 km) threw").isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @Task(5)
    @DisplayName("Task 5: a Bloom filter in a bitmap against cache penetration")
    class Task5_BloomFilter {

        @Test
        @DisplayName("the filter is sized from the expected items and the false-positive rate")
        void sizing() {
            BloomFilter small = new BloomFilter(redis, "bloom:a", 1_000, 0.01);
            BloomFilter large = new BloomFilter(redis, "bloom:b", 1_000_000, 0.001);

            assertThat(small.bits()).as("bits() for 1 000 items at 1 %: m = ceil(-n ln p / (ln 2)^2) = 9586 (natural"
                    + " logarithms: Math.log, not Math.log10)").isEqualTo(9_586);
            assertThat(small.hashes()).as("hashes() for 1 000 items at 1 %: k = round(m / n × ln 2) = 7")
                    .isEqualTo(7);
            assertThat(large.bits()).as("bits() for 1 000 000 items at 0.1 %").isEqualTo(14_377_588);
            assertThat(large.hashes()).as("hashes() for 1 000 000 items at 0.1 %").isEqualTo(10);
            for (double rate : new double[] {0, 1, -0.1, 1.5, Double.NaN}) {
                assertThat(catchThrowable(() -> new BloomFilter(redis, "bloom:c", 1_000, rate))).as("what a filter"
                        + " with false-positive rate %s threw: the rate must be strictly between 0 and 1", rate)
                        .isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(catchThrowable(() -> new BloomFilter(redis, "bloom:c", 0, 0.01))).as("what a filter for 0"
                    + " items threw").isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("an added item is always found, and unknown ones are rejected at about the chosen rate")
        void noFalseNegativesAndMeasuredFalsePositives() {
            BloomFilter filter = new BloomFilter(redis, "bloom:products", 3_000, 0.02);
            List<String> added = IntStream.range(0, 3_000).mapToObj(i -> "product-" + i).toList();
            added.forEach(filter::add);

            assertThat(added.stream().filter(id -> !filter.mightContain(id)).toList()).as("added ids the filter"
                    + " says were never added: a Bloom filter must never do that. Do add() and mightContain() use"
                    + " the same positions (BloomHashing.positions with hashes() and bits())?").isEmpty();
            long falsePositives = IntStream.range(0, 10_000).mapToObj(i -> "never-added-" + i)
                    .filter(filter::mightContain).count();
            assertThat(falsePositives / 10_000.0).as("measured false-positive rate on 10 000 ids never added, for a"
                    + " filter sized for 2 %: far above means too few bits or hashes; 100 % means mightContain"
                    + " answers true for everything").isLessThan(0.03);
            assertThat(redis.strlen("bloom:products")).as("STRLEN of the filter: at most bits() / 8 bytes, rounded"
                    + " up; longer means a position past bits() was set").isLessThanOrEqualTo(
                    (filter.bits() + 7) / 8);
        }

        @Test
        @DisplayName("adding and checking an item take one round trip each: the k bits travel together")
        void oneCommandPerOperation() {
            BloomFilter filter = new BloomFilter(redis, "bloom:products", 1_000, 0.01);
            stats.reset();

            filter.add("product-1");
            long afterAdd = stats.readsProcessed();
            stats.reset();
            boolean found = filter.mightContain("product-1");
            long afterCheck = stats.readsProcessed();

            assertThat(found).as("mightContain(product-1) after add(product-1)").isTrue();
            assertThat(afterAdd).as("socket reads for one add(), this check's own INFO included: seven SETBITs sent"
                    + " one by one are seven round trips; one BITFIELD with seven SET u1 operations (or a pipeline)"
                    + " is one").isLessThanOrEqualTo(2);
            assertThat(afterCheck).as("socket reads for one mightContain(), this check's own INFO included: read the"
                    + " k bits with one BITFIELD GET (or a pipeline of GETBITs)").isLessThanOrEqualTo(2);
            assertThat(stats.calls("get")).as("GET calls: fetching the whole bitmap ships bits() / 8 bytes per"
                    + " lookup").isZero();
        }

        @Test
        @DisplayName("ids the filter rejects never reach the database, and saved products are found")
        void filterGuardsTheRepository() {
            CountingRepository repository = new CountingRepository();
            GuardedProducts products = new GuardedProducts(repository, new BloomFilter(redis, "bloom:products",
                    1_000, 0.01));
            for (int i = 0; i < 500; i++) {
                products.save(new Product("p-" + i, "Product " + i));
            }
            repository.queries = 0;

            assertThat(products.find("p-42")).as("find(p-42) after it was saved").contains(new Product("p-42",
                    "Product 42"));
            int rejected = 0;
            for (int i = 0; i < 2_000; i++) {
                if (products.find("missing-" + i).isEmpty()) {
                    rejected++;
                }
            }

            assertThat(rejected).as("finds of 2 000 never-saved ids that came back empty").isEqualTo(2_000);
            assertThat(repository.queries).as("database queries for one saved id and 2 000 never-saved ones: with a"
                    + " 1 % filter about 1 + 20 get through; 2 001 means find() asks the database before (or"
                    + " without) asking the filter").isBetween(1, 60);
        }

        @Test
        @DisplayName("save adds the id to the filter before the database, so a saved product is never rejected")
        void filterFirstThenDatabase() {
            BloomFilter filter = new BloomFilter(redis, "bloom:products", 1_000, 0.01);
            CountingRepository repository = new CountingRepository();
            Map<String, Boolean> knownAtSave = new HashMap<>();
            repository.onSave = product -> knownAtSave.put(product.id(), filter.mightContain(product.id()));
            GuardedProducts products = new GuardedProducts(repository, filter);

            products.save(new Product("p-1", "Product 1"));

            assertThat(knownAtSave).as("was p-1 in the filter when the database saved it? (empty: save() never"
                    + " called the repository)").containsKey("p-1");
            assertThat(knownAtSave.get("p-1")).as("p-1 in the filter at the moment the database saved it: add to"
                    + " the filter first. Saved first, a filter write that then fails (or a reader in between) meets"
                    + " a product the filter rejects, the one thing a Bloom filter promises never to do").isTrue();
        }
    }

    static int indexOf(List<Command> commands, String name) {
        for (int i = 0; i < commands.size(); i++) {
            if (commands.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no " + name.toUpperCase() + " among the commands sent: " + commands);
    }

    /** {@code count} visits drawn from {@code distinct} visitors, each visitor at least once, in a seeded order. */
    static List<String> visits(Random random, int distinct, int count) {
        List<String> visits = new ArrayList<>(count);
        IntStream.range(0, distinct).mapToObj(i -> "visitor-" + i).forEach(visits::add);
        while (visits.size() < count) {
            visits.add("visitor-" + random.nextInt(distinct));
        }
        Collections.shuffle(visits, random);
        return visits;
    }

    /** A repository in memory that counts the queries a real database would have run. */
    static final class CountingRepository implements ProductRepository {

        final Map<String, Product> rows = new HashMap<>();
        int queries;
        Consumer<Product> onSave = product -> { };

        @Override
        public Optional<Product> find(String id) {
            queries++;
            return Optional.ofNullable(rows.get(id));
        }

        @Override
        public void save(Product product) {
            onSave.accept(product);
            rows.put(product.id(), product);
        }
    }
}

package learn.redis.sets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import learn.redis.support.CommandMonitor;
import learn.redis.support.CommandMonitor.Command;
import learn.redis.support.Concurrently;
import learn.redis.support.RedisLab;
import learn.redis.support.RedisStats;
import learn.redis.support.Task;
import learn.redis.support.TestClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * Lab 04. {@code redis} is the test's own client: it sets things up and reads what the server really holds, so a
 * test sees the truth even when the code under test is wrong.
 */
@RedisLab
@DisplayName("Lab 04 · Sets: tags, follows, unique visitors, draws")
class SetsTest {

    RedisClient redis;
    RedisStats stats;

    @BeforeEach
    void setUp(RedisClient redis, RedisStats stats) {
        this.redis = redis;
        this.stats = stats;
    }

    @Nested
    @Task(1)
    @DisplayName("Task 1: tags on articles, and articles per tag")
    class Task1_Tags {

        ArticleTags tags;

        @BeforeEach
        void setUp() {
            tags = new ArticleTags(redis);
        }

        @Test
        @DisplayName("tagging stores both directions, and a tag given twice is stored once")
        void tagStoresBothDirections() {
            tags.tag("42", "redis", "java", "redis");
            tags.tag("43", "redis");

            assertThat(redis.smembers("article:42:tags")).as("SMEMBERS article:42:tags after tagging 42 with"
                    + " redis, java, redis").containsExactlyInAnyOrder("redis", "java");
            assertThat(tags.tagsOf("42")).as("tagsOf(\"42\")").containsExactlyInAnyOrder("redis", "java");
            assertThat(tags.tagCount("42")).as("tagCount(\"42\"): a set keeps each member once, so the second"
                    + " \"redis\" does not count").isEqualTo(2);
            assertThat(tags.articlesTagged("redis")).as("articlesTagged(\"redis\"): did tag() also SADD the"
                    + " article to tag:redis:articles?").containsExactlyInAnyOrder("42", "43");
            assertThat(tags.articlesTagged("java")).as("articlesTagged(\"java\")").containsExactly("42");
        }

        @Test
        @DisplayName("untagging removes both directions, and a set whose last member is removed is gone")
        void untagRemovesBothDirections() {
            tags.tag("42", "redis", "java");

            tags.untag("42", "redis");

            assertThat(tags.tagsOf("42")).as("tagsOf(\"42\") after untag redis").containsExactly("java");
            assertThat(tags.articlesTagged("redis")).as("articlesTagged(\"redis\") after untag: did untag() also"
                    + " SREM the article from tag:redis:articles?").isEmpty();
            assertThat(redis.exists("tag:redis:articles")).as("EXISTS tag:redis:articles: Redis deletes a set"
                    + " when its last member is removed, no cleanup needed").isFalse();
            assertThat(tags.tagsOf("never-tagged")).as("tagsOf an article that has no tags: an empty set, not"
                    + " null").isEmpty();
        }

        @Test
        @DisplayName("tag and untag write both directions in one MULTI/EXEC, the article's tags with one SADD")
        void tagAndUntagAreAtomic(CommandMonitor monitor) {
            List<Command> tagging = monitor.during(() -> tags.tag("42", "redis", "java"));
            List<Command> untagging = monitor.during(() -> tags.untag("42", "redis"));

            assertThat(alone(tagging)).as("SADDs of tag(\"42\", \"redis\", \"java\") sent on their own, outside"
                    + " MULTI/EXEC (MONITOR saw %s). The article's set and each tag's set describe one fact: between"
                    + " the writes (or after a crash) a reader finds the article tagged \"redis\" while \"redis\""
                    + " does not list it. Queue them all in one MULTI/EXEC", tagging).isEmpty();
            assertThat(tagging.stream().filter(c -> isWriteOn(c, "article:42:tags")).toList())
                    .as("commands that wrote article:42:tags for two tags: one SADD takes many members")
                    .hasSize(1);
            assertThat(alone(untagging)).as("SREMs of untag(\"42\", \"redis\") sent on their own, outside"
                    + " MULTI/EXEC (MONITOR saw %s): both directions change together or not at all", untagging)
                    .isEmpty();
        }

        @Test
        @DisplayName("tagCount is counted by the server with SCARD")
        void tagCountUsesScard() {
            tags.tag("42", "redis", "java", "sql");
            stats.reset();

            assertThat(tags.tagCount("42")).as("tagCount(\"42\") after three tags").isEqualTo(3);
            assertThat(tags.tagCount("never-tagged")).as("tagCount of an article without tags").isZero();
            assertThat(stats.calls("smembers")).as("SMEMBERS calls for two tagCount calls: fetching every member to"
                    + " count them ships the whole set. SCARD answers in O(1), Redis keeps the size").isZero();
            assertThat(stats.calls("scard")).as("SCARD calls for two tagCount calls").isEqualTo(2);
        }

        @Test
        @DisplayName("hasTag asks the server with SISMEMBER instead of fetching every tag")
        void hasTagUsesSismember() {
            tags.tag("42", "redis", "java");
            stats.reset();

            boolean hasRedis = tags.hasTag("42", "redis");
            boolean hasGo = tags.hasTag("42", "go");

            assertThat(hasRedis).as("hasTag(\"42\", \"redis\")").isTrue();
            assertThat(hasGo).as("hasTag(\"42\", \"go\")").isFalse();
            assertThat(stats.calls("smembers")).as("SMEMBERS calls for two hasTag checks: fetching the whole set"
                    + " to test one member ships every member over the network each time").isZero();
            assertThat(stats.calls("sismember")).as("SISMEMBER calls for two hasTag checks").isEqualTo(2);
        }

        @Test
        @DisplayName("hasTags answers for many tags with one SMISMEMBER, in the order asked")
        void hasTagsUsesOneSmismember() {
            tags.tag("42", "redis", "java");
            stats.reset();

            Map<String, Boolean> answers = tags.hasTags("42", "go", "redis", "rust", "java");

            assertThat(answers).as("hasTags(\"42\", go, redis, rust, java)")
                    .containsExactly(Map.entry("go", false), Map.entry("redis", true), Map.entry("rust", false),
                            Map.entry("java", true));
            assertThat(stats.calls("smismember")).as("SMISMEMBER calls: one command answers for every tag")
                    .isEqualTo(1);
            assertThat(stats.calls("sismember") + stats.calls("smembers"))
                    .as("SISMEMBER/SMEMBERS calls: one round trip per tag (or the whole set) is what SMISMEMBER"
                            + " saves").isZero();
        }

        @Test
        @DisplayName("tagging with no tag or a blank tag is refused with IllegalArgumentException")
        void tagRefusesMissingTags() {
            assertThat(catchThrowable(() -> tags.tag("42")))
                    .as("what tag(\"42\") with no tags threw (null: nothing was thrown): expected an"
                            + " IllegalArgumentException, since SADD needs at least one member, so say so clearly")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(catchThrowable(() -> tags.tag("42", "redis", " ")))
                    .as("what tag(\"42\", \"redis\", \" \") threw (null: nothing was thrown): expected an"
                            + " IllegalArgumentException, since a blank tag makes a key like tag: :articles")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(redis.exists("article:42:tags")).as("article:42:tags exists although tag() refused the"
                    + " input: check the input before writing").isFalse();
        }
    }

    @Nested
    @Task(2)
    @DisplayName("Task 2: follows, people two users both follow, and suggestions")
    class Task2_Follows {

        FollowGraph graph;

        @BeforeEach
        void setUp() {
            graph = new FollowGraph(redis);
        }

        @Test
        @DisplayName("follow and unfollow change both sides, in one MULTI/EXEC each")
        void followChangesBothSidesAtomically() {
            stats.reset();

            graph.follow("ann", "bob");

            assertThat(graph.following("ann")).as("following(\"ann\") after ann follows bob").containsExactly("bob");
            assertThat(graph.followers("bob")).as("followers(\"bob\") after ann follows bob").containsExactly("ann");
            assertThat(stats.calls("exec")).as("EXEC calls for one follow: the two SADDs describe one fact, so"
                    + " wrap them in MULTI/EXEC; otherwise a crash or a reader in between sees half of it")
                    .isEqualTo(1);

            graph.unfollow("ann", "bob");

            assertThat(graph.following("ann")).as("following(\"ann\") after unfollow").isEmpty();
            assertThat(graph.followers("bob")).as("followers(\"bob\") after unfollow").isEmpty();
            assertThat(stats.calls("exec")).as("EXEC calls after follow + unfollow").isEqualTo(2);
        }

        @Test
        @DisplayName("a user cannot follow themselves")
        void cannotFollowSelf() {
            assertThat(catchThrowable(() -> graph.follow("ann", "ann")))
                    .as("what follow(\"ann\", \"ann\") threw (null: nothing was thrown): expected an"
                            + " IllegalArgumentException, a user cannot follow themselves")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(redis.exists("user:ann:following")).as("user:ann:following exists after a refused"
                    + " self-follow").isFalse();
        }

        @Test
        @DisplayName("followedByBoth is computed on the server with SINTER")
        void followedByBothUsesSinter() {
            graph.follow("ann", "carl");
            graph.follow("ann", "dora");
            graph.follow("ann", "ed");
            graph.follow("bob", "dora");
            graph.follow("bob", "ed");
            graph.follow("bob", "finn");
            stats.reset();

            Set<String> both = graph.followedByBoth("ann", "bob");

            assertThat(both).as("followedByBoth(ann, bob)").containsExactlyInAnyOrder("dora", "ed");
            assertThat(stats.calls("sinter")).as("SINTER calls: the server intersects and returns only the result")
                    .isEqualTo(1);
            assertThat(stats.calls("smembers")).as("SMEMBERS calls: intersecting in Java ships both whole sets"
                    + " over the network").isZero();
        }

        @Test
        @DisplayName("refreshSuggestions caches friends of friends, minus those already followed and the user")
        void suggestionsAreFriendsOfFriends() {
            graph.follow("ann", "bob");
            graph.follow("ann", "carl");
            graph.follow("bob", "carl");  // ann already follows carl: not a suggestion
            graph.follow("bob", "dora");
            graph.follow("carl", "ann");  // ann herself: not a suggestion
            graph.follow("carl", "ed");
            graph.follow("finn", "gus");  // nobody ann follows follows gus

            Set<String> suggestions = graph.refreshSuggestions("ann");

            assertThat(suggestions).as("refreshSuggestions(\"ann\"): who bob and carl follow (SUNION), minus whom"
                    + " ann follows (SDIFF), minus ann").containsExactlyInAnyOrder("dora", "ed");
            assertThat(redis.smembers("user:ann:suggestions")).as("SMEMBERS user:ann:suggestions: the cached copy")
                    .containsExactlyInAnyOrder("dora", "ed");
            assertThat(redis.pttl("user:ann:suggestions")).as("PTTL of user:ann:suggestions in ms: a cache needs"
                    + " a TTL, and a *STORE command drops any old one, so EXPIRE after it")
                    .isBetween(FollowGraph.SUGGESTIONS_TTL.minusSeconds(5).toMillis(),
                            FollowGraph.SUGGESTIONS_TTL.toMillis());
        }

        @Test
        @DisplayName("refreshSuggestions replaces the cached set: yesterday's suggestions do not survive")
        void suggestionsReplaceTheOldCache() {
            // Left over from an earlier refresh, when bob still followed yuri and ann did not follow zed yet.
            redis.sadd("user:ann:suggestions", "yuri", "zed", "dora");
            graph.follow("ann", "bob");
            graph.follow("ann", "zed");
            graph.follow("bob", "dora");
            graph.follow("bob", "zed");

            graph.refreshSuggestions("ann");

            assertThat(redis.smembers("user:ann:suggestions")).as("user:ann:suggestions after a refresh: adding"
                    + " the new result to the old set keeps stale members; SUNIONSTORE/SDIFFSTORE overwrite their"
                    + " destination").containsExactly("dora");
        }

        @Test
        @DisplayName("refreshSuggestions for a user who follows nobody clears the cache and returns no one")
        void suggestionsForSomeoneWhoFollowsNobody() {
            redis.sadd("user:ann:suggestions", "yuri"); // from when ann still followed someone
            graph.follow("bob", "carl");                 // others follow people; ann follows nobody

            AtomicReference<Set<String>> suggestions = new AtomicReference<>();
            assertThatCode(() -> suggestions.set(graph.refreshSuggestions("ann")))
                    .as("refreshSuggestions(\"ann\") when ann follows nobody: SUNIONSTORE with no source key is an"
                            + " error (wrong number of arguments), so check the SMEMBERS of ann's following first")
                    .doesNotThrowAnyException();
            assertThat(suggestions.get()).as("refreshSuggestions(\"ann\") when ann follows nobody: nobody to ask,"
                    + " so no suggestions (an empty set, not null)").isEmpty();
            assertThat(redis.exists("user:ann:suggestions")).as("EXISTS user:ann:suggestions after the refresh:"
                    + " the old cached \"yuri\" is stale, delete the key").isFalse();
        }

        @Test
        @DisplayName("refreshSuggestions writes the cache in one MULTI/EXEC, so no reader sees it half-built")
        void suggestionsAreWrittenInOneTransaction(CommandMonitor monitor) {
            graph.follow("ann", "bob");
            graph.follow("bob", "carl");
            graph.follow("bob", "ann");

            List<Command> commands = monitor.during(() -> graph.refreshSuggestions("ann"));

            String key = "user:ann:suggestions";
            List<Command> writes = commands.stream().filter(c -> isWriteOn(c, key)).toList();
            assertThat(writes).as("commands that wrote %s during refreshSuggestions (MONITOR): expected"
                    + " SUNIONSTORE, SDIFFSTORE, SREM and EXPIRE", key).isNotEmpty();
            List<Command> alone = writes.stream().filter(c -> !c.fromScript()
                    && !CommandMonitor.insideMultiExec(commands, commands.indexOf(c))).toList();
            assertThat(alone).as("writes to %s sent on their own, outside MULTI/EXEC (MONITOR saw: %s). Between"
                    + " SUNIONSTORE and SDIFFSTORE a reader sees ann herself and people she already follows as"
                    + " suggestions, and a crash before EXPIRE leaves a cache that never expires: send all four in"
                    + " one MULTI/EXEC", key, commands).isEmpty();
            assertThat(commands).as("commands of refreshSuggestions (MONITOR saw %s): SMEMBERS or SSCAN of"
                    + " user:bob:following, the set of someone ann follows, ships it to Java to compute the union"
                    + " there. SUNIONSTORE and SDIFFSTORE compute it on the server, where the sets are", commands)
                    .noneMatch(c -> List.of("smembers", "sscan").contains(c.name()) && c.isOn("user:bob:following"));
        }
    }

    @Nested
    @Task(3)
    @DisplayName("Task 3: unique visitors per day and who is online now")
    class Task3_Visitors {

        static final Duration WINDOW = Duration.ofMinutes(5);

        TestClock clock;
        VisitorTracker tracker;

        @BeforeEach
        void setUp() {
            clock = TestClock.atRoundTime(); // 2030-01-01T00:00:00Z
            tracker = new VisitorTracker(redis, clock, WINDOW);
        }

        @Test
        @DisplayName("a user seen many times a day counts once, and each day counts on its own")
        void uniqueVisitorsPerDay() {
            tracker.recordVisit("ann");
            tracker.recordVisit("bob");
            clock.advance(Duration.ofHours(3));
            tracker.recordVisit("ann");
            clock.advance(Duration.ofHours(21)); // 2030-01-02T00:00Z, a new day
            tracker.recordVisit("ann");

            assertThat(tracker.uniqueVisitors(LocalDate.parse("2030-01-01"))).as("uniqueVisitors on 2030-01-01:"
                    + " ann twice and bob once are two different visitors").isEqualTo(2);
            assertThat(tracker.uniqueVisitors(LocalDate.parse("2030-01-02"))).as("uniqueVisitors on 2030-01-02:"
                    + " did you take the day from the injected clock, in UTC?").isEqualTo(1);
            stats.reset();
            assertThat(tracker.uniqueVisitors(LocalDate.parse("2030-01-03"))).as("uniqueVisitors on a day"
                    + " nobody visited").isZero();
            assertThat(stats.calls("smembers")).as("SMEMBERS calls for uniqueVisitors: a day's set can hold"
                    + " millions of visitors, SCARD counts them on the server").isZero();
        }

        @Test
        @DisplayName("every day set and minute set gets a TTL on the server")
        void bucketsExpire() {
            tracker.recordVisit("ann");

            String day = SetKeys.visitorsOn(LocalDate.parse("2030-01-01"));
            String minute = SetKeys.onlineDuring(clock.instant());
            assertThat(redis.pttl(day)).as("PTTL of " + day + " in ms: expected about "
                    + VisitorTracker.DAY_TTL + ". Without a TTL every day's set stays in memory forever (-1) ... or"
                    + " far too long: did you use EXPIREAT with the application's clock? It says 2030, so the key"
                    + " lives for years on the server's clock; EXPIRE is relative")
                    .isBetween(VisitorTracker.DAY_TTL.minusMinutes(1).toMillis(), VisitorTracker.DAY_TTL.toMillis());
            assertThat(redis.pttl(minute)).as("PTTL of " + minute + " in ms: expected " + tracker.minuteTtl()
                    + ", the window plus one minute. Shorter, and a minute set vanishes while onlineNow still"
                    + " needs it; none (-1), and 1440 sets a day pile up forever ... or far too long: did you use"
                    + " EXPIREAT with the application's clock?")
                    .isBetween(WINDOW.toMillis(), tracker.minuteTtl().toMillis());
        }

        @Test
        @DisplayName("recordVisit sends its four commands together, in one round trip")
        void recordVisitIsOneRoundTrip() {
            stats.reset();

            tracker.recordVisit("ann");
            long reads = stats.readsProcessed();

            assertThat(reads).as("socket reads the server made for one recordVisit, this check's own INFO included:"
                    + " SADD and EXPIRE for two buckets sent one by one cost four round trips on every page view."
                    + " Send them together, in a pipeline").isLessThanOrEqualTo(3);
            assertThat(redis.sismember(SetKeys.onlineDuring(clock.instant()), "ann"))
                    .as("is ann in this minute's set after recordVisit? Did you sync() the pipeline?").isTrue();
        }

        @Test
        @DisplayName("onlineNow has the users seen in the last 5 minutes, each once, and forgets older ones")
        void onlineNowCoversTheWindow() {
            tracker.recordVisit("ann");                 // minute 0
            clock.advance(Duration.ofMinutes(2));
            tracker.recordVisit("bob");                 // minute 2
            tracker.recordVisit("ann");                 // ann again, minute 2
            clock.advance(Duration.ofSeconds(179));     // 00:04:59, minute 4

            assertThat(tracker.onlineNow()).as("onlineNow at 00:04:59 with a 5-minute window: minutes 0 to 4"
                    + " count").containsExactlyInAnyOrder("ann", "bob");

            clock.advance(Duration.ofSeconds(61));      // 00:06:00, minute 6: the window is minutes 2 to 6
            tracker.recordVisit("carl");

            assertThat(tracker.onlineNow()).as("onlineNow at 00:06:00: the window covers minutes 2 to 6, so ann"
                    + " (last seen in minute 2) is still online").containsExactlyInAnyOrder("ann", "bob", "carl");

            clock.advance(Duration.ofMinutes(1));       // 00:07:00: minutes 3 to 7

            assertThat(tracker.onlineNow()).as("onlineNow at 00:07:00: ann and bob were last seen in minute 2,"
                    + " outside the window of minutes 3 to 7").containsExactly("carl");
        }

        @Test
        @DisplayName("a window of 2 minutes covers 2 minute sets, and they live 3 minutes")
        void otherWindowsAreHonoured() {
            VisitorTracker twoMinutes = new VisitorTracker(redis, clock, Duration.ofMinutes(2));
            twoMinutes.recordVisit("ann");                 // minute 0

            assertThat(redis.pttl(SetKeys.onlineDuring(clock.instant()))).as("PTTL in ms of this minute's set with a"
                    + " window of 2 minutes: the window plus one minute, 3 minutes. Did you write 5 + 1 instead of"
                    + " using onlineWindow?").isBetween(Duration.ofMinutes(2).toMillis(),
                    Duration.ofMinutes(3).toMillis());
            clock.advance(Duration.ofMinutes(1));          // minute 1: the window is minutes 0 and 1
            assertThat(twoMinutes.onlineNow()).as("onlineNow in minute 1 with a window of 2 minutes").containsExactly(
                    "ann");
            clock.advance(Duration.ofMinutes(1));          // minute 2: the window is minutes 1 and 2
            assertThat(twoMinutes.onlineNow()).as("onlineNow in minute 2 with a window of 2 minutes: ann was seen in"
                    + " minute 0, outside it. Still online? Then onlineNow unions 5 minutes whatever onlineWindow"
                    + " says").isEmpty();
        }

        @Test
        @DisplayName("onlineNow reads every minute set with one SUNION")
        void onlineNowIsOneSunion() {
            tracker.recordVisit("ann");
            clock.advance(Duration.ofMinutes(1));
            tracker.recordVisit("bob");
            stats.reset();

            Set<String> online = tracker.onlineNow();

            assertThat(online).as("onlineNow at 00:01 with ann seen in minute 0 and bob in minute 1: the union of"
                    + " the last 5 minute sets (keys SetKeys.onlineDuring(now), now minus 1 minute, ... minus 4)")
                    .containsExactlyInAnyOrder("ann", "bob");
            assertThat(stats.calls("sunion")).as("SUNION calls: one command merges all 5 minute sets on the"
                    + " server and removes duplicates").isEqualTo(1);
            assertThat(stats.calls("smembers")).as("SMEMBERS calls: one per minute set is 5 round trips where 1"
                    + " does").isZero();
        }

        @Test
        @DisplayName("a window that is not a positive whole number of minutes is refused")
        void windowMustBeWholeMinutes() {
            assertThat(catchThrowable(() -> new VisitorTracker(redis, clock, Duration.ZERO)))
                    .as("what new VisitorTracker(redis, clock, Duration.ZERO) threw (null: nothing was thrown):"
                            + " expected an IllegalArgumentException from the constructor, a window of no minutes"
                            + " unions no sets")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(catchThrowable(() -> new VisitorTracker(redis, clock, Duration.ofSeconds(90))))
                    .as("what a 90-second window threw (null: nothing was thrown): expected an"
                            + " IllegalArgumentException from the constructor, the buckets are whole minutes")
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @Task(4)
    @DisplayName("Task 4: a prize draw where nobody wins twice")
    class Task4_Draw {

        PrizeDraw draw;

        @BeforeEach
        void setUp() {
            draw = new PrizeDraw(redis);
        }

        @Test
        @DisplayName("entering twice does not double a user's chances")
        void enteringTwiceCountsOnce() {
            boolean first = draw.enter("spring", "ann");
            boolean second = draw.enter("spring", "ann");

            assertThat(first).as("enter(\"spring\", \"ann\") the first time").isTrue();
            assertThat(second).as("enter(\"spring\", \"ann\") again: SADD returns 0 for a member already there")
                    .isFalse();
            assertThat(draw.entrants("spring")).as("entrants after ann entered twice").isEqualTo(1);
        }

        @Test
        @DisplayName("a winner leaves the draw: ten draws of one winner give ten different winners")
        void winnersLeaveTheDraw() {
            List<String> users = users(10);
            users.forEach(user -> draw.enter("spring", user));

            List<String> winners = new ArrayList<>(draw.drawWinners("spring", 1));
            assertThat(draw.entrants("spring")).as("entrants after drawing one winner: SRANDMEMBER picks but"
                    + " does not remove, so the winner could win again. SPOP picks and removes").isEqualTo(9);
            for (int round = 2; round <= 10; round++) {
                winners.addAll(draw.drawWinners("spring", 1));
            }

            assertThat(winners).as("winners of 10 rounds over 10 entrants").doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(users);
            assertThat(draw.drawWinners("spring", 1)).as("a draw when nobody is left").isEmpty();
        }

        @Test
        @DisplayName("drawing picks and removes in one step: SPOP, not SRANDMEMBER followed by SREM")
        void drawIsOneStep(CommandMonitor monitor) {
            users(5).forEach(user -> draw.enter("spring", user));

            List<Command> commands = monitor.during(() -> draw.drawWinners("spring", 2));

            List<Command> twoStep = commands.stream().filter(c -> !c.fromScript()
                    && List.of("srandmember", "srem", "smembers", "sscan").contains(c.name())).toList();
            assertThat(twoStep).as("commands of drawWinners(\"spring\", 2) that pick or remove separately (MONITOR"
                    + " saw %s). Picking with SRANDMEMBER and then removing with SREM is two steps: two draws at the"
                    + " same moment can pick the same user between them, and both announce the same winner. SPOP"
                    + " picks and removes in one command (SPOP key count for several)", commands).isEmpty();
            assertThat(draw.entrants("spring")).as("entrants after drawing 2 of 5").isEqualTo(3);
        }

        @Test
        @DisplayName("eight draws at the same moment never pick the same winner")
        void concurrentDrawsPickDifferentWinners() {
            List<String> users = users(8);
            users.forEach(user -> draw.enter("spring", user));

            List<List<String>> winners = Concurrently.run(8, () -> draw.drawWinners("spring", 1));

            List<String> all = winners.stream().flatMap(List::stream).toList();
            assertThat(all).as("winners of 8 simultaneous single draws: picking with SRANDMEMBER and then"
                    + " removing with SREM lets two draws pick the same user in between; SPOP is one step")
                    .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(users);
        }

        @Test
        @DisplayName("a showcase picks different entrants, at most all of them, and removes nobody")
        void showcasePicksWithoutRemoving(CommandMonitor monitor) {
            List.of("ann", "bob", "carl").forEach(user -> draw.enter("spring", user));

            List<String> all = draw.showcase("spring", 10);
            List<String> two = draw.showcase("spring", 2);

            assertThat(all).as("showcase of 10 from 3 entrants: a positive SRANDMEMBER count returns each member at"
                    + " most once, so all 3; a negative count returns exactly 10, repeats included")
                    .hasSize(3).doesNotHaveDuplicates().containsExactlyInAnyOrder("ann", "bob", "carl");
            assertThat(two).as("showcase of 2 from 3 entrants: two different entrants").hasSize(2)
                    .doesNotHaveDuplicates().isSubsetOf("ann", "bob", "carl");
            assertThat(monitor.commands("srandmember")).as("the count each SRANDMEMBER received (MONITOR): the"
                    + " requested count, positive. A negative count may pick a member twice, and removing the"
                    + " repeats in Java leaves fewer entrants than asked for")
                    .extracting(command -> command.args().size() > 2 ? command.args().get(2) : "(no count)")
                    .containsExactly("10", "2");
            assertThat(draw.entrants("spring")).as("entrants after two showcases: showing is not drawing, did you"
                    + " use SPOP?").isEqualTo(3);
        }

        @Test
        @DisplayName("a count below 1 is refused with IllegalArgumentException")
        void countMustBePositive() {
            draw.enter("spring", "ann");

            assertThat(catchThrowable(() -> draw.showcase("spring", 0))).as("what showcase(\"spring\", 0) threw"
                    + " (null: nothing was thrown): expected an IllegalArgumentException; SRANDMEMBER with 0 returns"
                    + " nothing, and a negative count means something else")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(catchThrowable(() -> draw.drawWinners("spring", -1))).as("what drawWinners(\"spring\", -1)"
                    + " threw (null: nothing was thrown): expected an IllegalArgumentException; SPOP answers a"
                    + " negative count with a server error that says nothing about the caller's mistake")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(draw.entrants("spring")).as("entrants after the refused calls: check before you send")
                    .isEqualTo(1);
        }

        private List<String> users(int count) {
            return IntStream.rangeClosed(1, count).mapToObj(i -> "user" + i).toList();
        }
    }

    @Nested
    @Task(5)
    @DisplayName("Task 5: walking a large set with SSCAN")
    class Task5_Scan {

        static final String KEY = "newsletter:subscribers";

        @BeforeEach
        void fillLargeSet() {
            String[] members = IntStream.range(0, 1000).mapToObj(i -> "user:" + i).toArray(String[]::new);
            redis.sadd(KEY, members);
            redis.sadd(KEY, "admin:1");
            assertThat(redis.objectEncoding(KEY)).as("precondition: a set this large is a hash table, which SSCAN"
                    + " walks in pages (a small set comes back whole in one page)").isEqualTo("hashtable");
        }

        @Test
        @DisplayName("finds the one matching member among 1000 although most pages come back empty")
        void findsTheNeedle() {
            SetScanner scanner = new SetScanner(redis, 10);
            stats.reset();

            Set<String> admins = scanner.membersMatching(KEY, "admin:*");

            assertThat(admins).as("membersMatching(\"admin:*\"): MATCH filters each page after it is taken, so a"
                    + " page can be empty while the cursor is not 0. Stop only when the cursor is \"0\"")
                    .containsExactly("admin:1");
            assertThat(stats.calls("smembers")).as("SMEMBERS calls: it sends the whole set in one reply and"
                    + " blocks the server meanwhile").isZero();
            assertThat(stats.calls("sscan")).as("SSCAN calls to walk 1001 members with COUNT 10: about a hundred."
                    + " Did you pass the page size as COUNT and follow the cursor to the end?").isGreaterThan(20);
        }

        @Test
        @DisplayName("collects all 1001 members, none missing")
        void collectsEveryMember() {
            Set<String> expected = new HashSet<>(redis.smembers(KEY));

            Set<String> all = new SetScanner(redis, 10).membersMatching(KEY, "*");

            assertThat(all).as("membersMatching(\"*\") over 1001 members: every page's members, until the cursor"
                    + " is \"0\"").hasSize(1001)
                    .containsExactlyInAnyOrderElementsOf(expected);
        }

        @Test
        @DisplayName("the page size is the COUNT of every SSCAN call")
        void pageSizeIsTheCount(CommandMonitor monitor) {
            List<Command> commands = monitor.during(() -> new SetScanner(redis, 50).membersMatching(KEY, "admin:*"));

            List<Command> scans = commands.stream().filter(c -> c.name().equals("sscan")).toList();
            assertThat(scans).as("SSCAN calls of membersMatching with a page size of 50").isNotEmpty();
            assertThat(scans).as("the arguments of each SSCAN (MONITOR) with a page size of 50: each should end in"
                    + " COUNT 50. Without COUNT the server's default of 10 applies whatever the page size says")
                    .allMatch(c -> countOf(c).equals("50"));
        }

        private static String countOf(Command sscan) {
            List<String> args = sscan.args();
            for (int i = 0; i < args.size() - 1; i++) {
                if (args.get(i).equalsIgnoreCase("count")) {
                    return args.get(i + 1);
                }
            }
            return "(no COUNT)";
        }

        @Test
        @DisplayName("a page size below 1 is refused")
        void pageSizeMustBePositive() {
            assertThat(catchThrowable(() -> new SetScanner(redis, 0))).as("what new SetScanner(redis, 0) threw"
                    + " (null: nothing was thrown): expected an IllegalArgumentException from the constructor, COUNT"
                    + " must be positive")
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static final Set<String> SET_WRITES = Set.of("sadd", "srem", "spop", "smove", "sunionstore",
            "sdiffstore", "sinterstore", "expire", "pexpire", "expireat", "pexpireat", "del", "unlink", "rename");

    /** The writes among {@code commands} that a client sent on its own: not in a script, not inside MULTI/EXEC. */
    private static List<Command> alone(List<Command> commands) {
        return IntStream.range(0, commands.size())
                .filter(i -> SET_WRITES.contains(commands.get(i).name()) && !CommandMonitor.inAtomicStep(commands, i))
                .mapToObj(commands::get).toList();
    }

    private static boolean isWriteOn(Command command, String key) {
        return SET_WRITES.contains(command.name()) && command.args().size() > 1 && command.args().get(1).equals(key);
    }

}

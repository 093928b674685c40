package learn.redis.strings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * Lab 01. {@code redis} is the test's own client: it sets things up and reads what the server really holds, so a
 * test sees the truth even when the code under test is wrong.
 */
@RedisLab
@DisplayName("Lab 01 · Strings: cache entries, counters, rate limits")
class StringsTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    /** A TTL that is not whole seconds: in whole seconds (EX 60) the server holds at most 60 000 ms of it. */
    private static final Duration ODD_TTL = Duration.ofMillis(60_950);
    /** A TTL under a second: EX 0 is an error, EX 1 (rounded up) holds 1000 ms. */
    private static final Duration SUB_SECOND = Duration.ofMillis(990);

    RedisClient redis;
    RedisStats stats;
    StringCache cache;

    @BeforeEach
    void setUp(RedisClient redis, RedisStats stats) {
        this.redis = redis;
        this.stats = stats;
        this.cache = new StringCache(redis);
    }

    @Nested
    @Task(1)
    @DisplayName("Task 1: cache entries that expire")
    class Task1_Expiry {

        @Test
        @DisplayName("put stores the value, and the server counts down its TTL")
        void putStoresValueWithTtl() {
            cache.put("greeting", "hello", MINUTE);

            assertThat(cache.get("greeting")).as("get right after put").hasValue("hello");
            assertThat(redis.pttl("greeting"))
                    .as("PTTL of the key on the server, in ms: expected it to expire within 60 s. Did you pass PX"
                            + " (or EX) with the SET? -1 means the key never expires")
                    .isBetween(55_000L, 60_000L);
        }

        @Test
        @DisplayName("put keeps a TTL that is not whole seconds, and one under a second, to the millisecond")
        void putKeepsMillisecondTtls() {
            cache.put("odd", "x", ODD_TTL);
            cache.put("short", "x", SUB_SECOND);

            assertThat(redis.pttl("odd")).as("PTTL in ms after put with a TTL of 60 950 ms: 60 000 or less means"
                    + " the TTL went out in whole seconds (EX, toSeconds(), getSeconds()), which drops the 950 ms."
                    + " PX takes milliseconds").isBetween(60_001L, ODD_TTL.toMillis());
            assertThat(redis.pttl("short")).as("PTTL in ms after put with a TTL of 990 ms: -2 means the key is"
                    + " already gone. In whole seconds 990 ms is EX 0 (an error) or, rounded up, 1000 ms; PX 990"
                    + " keeps it").isBetween(1L, SUB_SECOND.toMillis());
        }

        @Test
        @DisplayName("get of a key that does not exist is empty, not an exception or \"null\"")
        void getOfMissingKeyIsEmpty() {
            assertThat(cache.get("no-such-key")).as("get of a key nobody wrote (GET returns nil)").isEmpty();
        }

        @Test
        @DisplayName("value and TTL are written by one command, not SET followed by EXPIRE")
        void putIsOneCommand() {
            stats.reset();

            cache.put("greeting", "hello", MINUTE);

            assertThat(stats.calls("set")).as("SET commands for one put").isEqualTo(1);
            assertThat(stats.calls("expire") + stats.calls("pexpire"))
                    .as("EXPIRE/PEXPIRE commands for one put: SET then EXPIRE is two steps, and a crash between"
                            + " them leaves a key that never expires. Give SET its PX option instead")
                    .isZero();
        }

        @Test
        @DisplayName("a TTL of zero or less is refused with IllegalArgumentException, and nothing is stored")
        void putRefusesNonPositiveTtl() {
            assertThat(catchThrowable(() -> cache.put("greeting", "hello", Duration.ZERO)))
                    .as("put with a zero TTL: a cache entry that never expires is a memory leak, and Redis itself"
                            + " rejects PX 0 with a confusing error")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(catchThrowable(() -> cache.put("greeting", "hello", Duration.ofSeconds(-5))))
                    .as("put with a negative TTL").isInstanceOf(IllegalArgumentException.class);
            assertThat(catchThrowable(() -> cache.put("greeting", "hello", Duration.ofNanos(500_000))))
                    .as("put with a TTL of half a millisecond: in whole milliseconds that is PX 0")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(redis.exists("greeting")).as("key stored despite the bad TTL").isFalse();
        }

        @Test
        @DisplayName("putIfAbsent lets exactly one of eight racing callers win, atomically")
        void putIfAbsentHasOneWinner() {
            stats.reset();

            List<Boolean> wins = Concurrently.run(8,
                    () -> cache.putIfAbsent("report:2030-01", Thread.currentThread().getName(), MINUTE));

            assertThat(stats.calls("exists") + stats.calls("get"))
                    .as("EXISTS/GET commands: checking first and then SETting lets two callers both see 'absent'"
                            + " and both write. Use SET's NX option, which checks and sets in one step")
                    .isZero();
            assertThat(wins).as("results of 8 simultaneous putIfAbsent calls: exactly one may return true")
                    .containsOnlyOnce(true);
            assertThat(redis.pttl("report:2030-01")).as("PTTL of the winner's entry: did you pass PX with NX?")
                    .isBetween(55_000L, 60_000L);
        }

        @Test
        @DisplayName("putIfAbsent is one SET ... NX PX: no SETNX followed by an EXPIRE, and the TTL to the millisecond")
        void putIfAbsentIsOneCommand() {
            stats.reset();

            boolean first = cache.putIfAbsent("lock:report", "a", ODD_TTL);
            boolean second = cache.putIfAbsent("lock:report", "b", ODD_TTL);

            assertThat(List.of(first, second)).as("putIfAbsent on a free key, then on the same key again")
                    .containsExactly(true, false);
            assertThat(stats.calls("setnx")).as("SETNX commands: SETNX cannot set a TTL, so it needs an EXPIRE after"
                    + " it, and a crash between the two leaves a key that never expires (and every later putIfAbsent"
                    + " fails for good). SET key value NX PX ms is one command").isZero();
            assertThat(stats.calls("expire") + stats.calls("pexpire") + stats.calls("expireat")
                    + stats.calls("pexpireat")).as("EXPIRE/PEXPIRE commands for two putIfAbsent calls: the expiry"
                    + " belongs in the SET itself (NX together with PX), not in a second command").isZero();
            assertThat(stats.calls("set")).as("SET commands for two putIfAbsent calls: one each").isEqualTo(2);
            assertThat(redis.get("lock:report")).as("value after the second putIfAbsent: the first one's").isEqualTo("a");
            assertThat(redis.pttl("lock:report")).as("PTTL in ms after putIfAbsent with 60 950 ms: 60 000 or less"
                    + " means the TTL went out in whole seconds (EX). Use PX").isBetween(60_001L, ODD_TTL.toMillis());
            cache.putIfAbsent("lock:short", "a", SUB_SECOND);
            assertThat(redis.pttl("lock:short")).as("PTTL in ms after putIfAbsent with 990 ms: -2 means the key is"
                    + " gone, 1000 means a rounded-up EX 1. Use PX").isBetween(1L, SUB_SECOND.toMillis());
            assertThat(catchThrowable(() -> cache.putIfAbsent("other", "x", Duration.ZERO)))
                    .as("putIfAbsent with a zero TTL: refuse it as put does (IllegalArgumentException)")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(catchThrowable(() -> cache.putIfAbsent("other", "x", Duration.ofNanos(500_000))))
                    .as("putIfAbsent with a TTL of half a millisecond: in whole milliseconds that is PX 0")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(redis.exists("other")).as("key stored by a putIfAbsent with a bad TTL").isFalse();
        }

        @Test
        @DisplayName("putUntil expires the entry at a given instant, set in the same atomic step as the value")
        void putUntilSetsAnAbsoluteDeadline() {
            Instant deadline = Instant.now().plus(Duration.ofHours(1));
            stats.reset();

            cache.putUntil("banner", "sale!", deadline);

            assertThat(redis.exists("banner")).as("does the key exist right after putUntil? A deadline in the past"
                    + " deletes the key at once: PXAT takes epoch MILLISECONDS (toEpochMilli()), and epoch seconds"
                    + " given to PXAT are a date in January 1970. (EXAT takes seconds.)").isTrue();
            assertThat(redis.get("banner")).as("value written by putUntil").isEqualTo("sale!");
            assertThat(redis.pttl("banner")).as("PTTL in ms: expected about one hour, as the deadline says")
                    .isBetween(Duration.ofMinutes(59).toMillis(), Duration.ofHours(1).toMillis());
            boolean separateExpiry = stats.calls("expireat") + stats.calls("pexpireat") > 0;
            assertThat(!separateExpiry || stats.calls("exec") == 1)
                    .as("SET followed by a separate EXPIREAT, outside MULTI/EXEC. A pipeline sends both at once but"
                            + " does not make them atomic. Use SET's PXAT (or EXAT) option")
                    .isTrue();
        }

        @Test
        @DisplayName("putUntil keeps the deadline's milliseconds: EXAT with whole seconds expires up to 1 s early")
        void putUntilKeepsMilliseconds() {
            // Two deadlines half a second apart in their milliseconds: whatever the time now, rounding to whole
            // seconds (on the deadline, or on the time left) loses at least 400 ms of one of them.
            for (int millis : new int[] {900, 400}) {
                Instant deadline = Instant.now().plusSeconds(120).truncatedTo(ChronoUnit.SECONDS).plusMillis(millis);
                String key = "banner:" + millis;

                cache.putUntil(key, "sale!", deadline);
                assertThat(redis.exists(key)).as("does the key exist right after putUntil? PXAT takes epoch"
                        + " MILLISECONDS (toEpochMilli()): epoch seconds given to PXAT are a date in January 1970, and"
                        + " the key is deleted at once").isTrue();
                long before = System.currentTimeMillis();
                long pttl = redis.pttl(key);
                long after = System.currentTimeMillis();

                assertThat(pttl).as("PTTL in ms of a key whose deadline is %s, %d ms away: hundreds of ms less means"
                        + " the deadline lost its milliseconds (EXAT with getEpochSecond(), or a relative TTL rounded"
                        + " to whole seconds). PXAT with toEpochMilli() keeps them", deadline,
                        deadline.toEpochMilli() - before)
                        .isBetween(deadline.toEpochMilli() - after - 100, deadline.toEpochMilli() - before);
            }
        }
    }

    @Nested
    @Task(2)
    @DisplayName("Task 2: page view counters that never lose a view")
    class Task2_Counters {

        PageViews pageViews;

        @BeforeEach
        void setUp() {
            pageViews = new PageViews(redis);
        }

        @Test
        @DisplayName("record counts from 1 and returns the new count")
        void recordCountsFromOne() {
            assertThat(pageViews.record("home")).as("first view of a page").isEqualTo(1);
            assertThat(pageViews.record("home")).as("second view of a page").isEqualTo(2);
            assertThat(pageViews.views("home")).as("views after two records").isEqualTo(2);
        }

        @Test
        @DisplayName("a page nobody viewed has 0 views")
        void unknownPageHasZeroViews() {
            assertThat(pageViews.views("never-seen")).as("views of a page without a key (GET returns nil)")
                    .isZero();
        }

        @Test
        @DisplayName("recordMany adds a batch in one command and refuses counts below 1")
        void recordManyAddsABatch() {
            pageViews.record("home");
            stats.reset();

            assertThat(pageViews.recordMany("home", 5)).as("count after 1 view plus a batch of 5").isEqualTo(6);
            assertThat(stats.calls("incrby")).as("INCRBY commands for one batch: add 5 in one step").isEqualTo(1);
            assertThat(catchThrowable(() -> pageViews.recordMany("home", 0))).as("recordMany with 0 views")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(catchThrowable(() -> pageViews.recordMany("home", -3))).as("recordMany with -3 views: a"
                    + " negative batch would subtract views").isInstanceOf(IllegalArgumentException.class);
            assertThat(pageViews.views("home"))
                    .as("views after a refused batch: the bad call must change nothing").isEqualTo(6);
        }

        @Test
        @DisplayName("counts go past Integer.MAX_VALUE: Redis counts in 64 bits, and so must the code")
        void countsPastIntegerMaxValue() {
            long big = 3_000_000_000L;

            assertThat(pageViews.recordMany("viral", big)).as("recordMany(viral, 3 000 000 000): past"
                    + " Integer.MAX_VALUE (2 147 483 647). A cast to int on the way turns it into a negative number")
                    .isEqualTo(big);
            assertThat(redis.get("views:viral")).as("the counter on the server").isEqualTo(Long.toString(big));
            assertThat(pageViews.record("viral")).as("record after that").isEqualTo(big + 1);
            assertThat(catchThrowable(() -> pageViews.views("viral"))).as("views(viral) threw: Integer.parseInt"
                    + " cannot read a count past 2 147 483 647, use Long.parseLong").isNull();
            assertThat(pageViews.views("viral")).as("views of a page with 3 000 000 001 views").isEqualTo(big + 1);
        }

        @Test
        @DisplayName("8 threads recording 200 views each end at exactly 1600: INCR, not GET then SET")
        void concurrentRecordsLoseNothing() {
            stats.reset();

            Concurrently.run(8, () -> IntStream.range(0, 200).forEach(i -> pageViews.record("launch")));

            assertThat(stats.calls("set")).as("SET commands while recording: reading the count, adding 1 in Java"
                    + " and writing it back loses views when two threads read the same value. Let Redis add")
                    .isZero();
            assertThat(pageViews.views("launch")).as("views after 8 x 200 concurrent records").isEqualTo(1600);
        }
    }

    @Nested
    @Task(3)
    @DisplayName("Task 3: read and write many entries in one round trip")
    class Task3_Batches {

        @Test
        @DisplayName("getAll reads many keys with one MGET and returns the hits in the order asked")
        void getAllUsesOneMget() {
            redis.set("product:1", "lamp");
            redis.set("product:12", "desk");
            redis.set("product:30", "chair");
            stats.reset();

            Map<String, String> found = cache.getAll(List.of("product:30", "product:404", "product:1", "product:12"));

            assertThat(found).as("hits of getAll, in the order of the keys asked for; a miss is left out. In another"
                    + " order? A HashMap has its own order: keep the keys' order with a LinkedHashMap")
                    .containsExactly(Map.entry("product:30", "chair"), Map.entry("product:1", "lamp"),
                            Map.entry("product:12", "desk"));
            assertThat(stats.calls("get")).as("GET commands: one GET per key costs one network round trip each."
                    + " MGET fetches them all at once").isZero();
            assertThat(stats.calls("mget")).as("MGET commands for one getAll").isEqualTo(1);
        }

        @Test
        @DisplayName("getAll of no keys is an empty map, without a call to Redis")
        void getAllOfNothing() {
            stats.reset();

            assertThat(cache.getAll(List.of())).as("getAll of an empty list").isEmpty();
            assertThat(stats.calls("mget")).as("MGET with no keys is an error in Redis: don't send it").isZero();
        }

        @Test
        @DisplayName("putAll writes 100 entries, every one with its TTL")
        void putAllGivesEveryKeyATtl() {
            Map<String, String> entries = new LinkedHashMap<>();
            IntStream.range(0, 100).forEach(i -> entries.put("product:" + i, "name-" + i));
            stats.reset();

            cache.putAll(entries, MINUTE);
            long reads = stats.readsProcessed();

            assertThat(reads).as("socket reads the server made for one putAll of 100 entries: one command per round"
                    + " trip costs at least 100. Send them together, in a pipeline").isLessThan(20);
            assertThat(redis.mget(entries.keySet().toArray(String[]::new)))
                    .as("values stored by putAll").containsExactlyElementsOf(entries.values());
            List<String> withoutTtl = new ArrayList<>();
            entries.keySet().stream().filter(key -> redis.pttl(key) <= 0).forEach(withoutTtl::add);
            assertThat(withoutTtl).as("keys that putAll left without a TTL: MSET has no expiry option, so a bare"
                    + " MSET writes permanent keys").isEmpty();
            long expires = stats.calls("expire") + stats.calls("pexpire") + stats.calls("expireat")
                    + stats.calls("pexpireat");
            assertThat(expires == 0 || stats.calls("exec") >= 1)
                    .as("%s followed by %d EXPIREs outside a transaction: a pipeline sends them together but does not"
                            + " make them atomic, so for a moment (or forever, after a crash) the keys have no TTL."
                            + " Pipeline one SET ... PX per key, or wrap it all in MULTI/EXEC",
                            stats.calls("mset") > 0 ? "MSET" : "SET", expires)
                    .isTrue();
        }

        @Test
        @DisplayName("putAll keeps a TTL that is not whole seconds, and refuses one of zero")
        void putAllKeepsMillisecondTtls() {
            cache.putAll(Map.of("a", "1", "b", "2"), ODD_TTL);
            cache.putAll(Map.of("s", "1"), SUB_SECOND);

            for (String key : List.of("a", "b")) {
                assertThat(redis.pttl(key)).as("PTTL in ms of %s after putAll with a TTL of 60 950 ms: 60 000 or"
                        + " less means the TTL went out in whole seconds (EX). Use PX", key)
                        .isBetween(60_001L, ODD_TTL.toMillis());
            }
            assertThat(redis.pttl("s")).as("PTTL in ms after putAll with 990 ms: -2 means the key is gone, 1000"
                    + " means a rounded-up EX 1. Use PX").isBetween(1L, SUB_SECOND.toMillis());
            assertThat(catchThrowable(() -> cache.putAll(Map.of("c", "3"), Duration.ZERO)))
                    .as("putAll with a zero TTL: refuse it as put does (IllegalArgumentException)")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(redis.exists("c")).as("key stored by a putAll with a zero TTL").isFalse();
        }
    }

    @Nested
    @Task(4)
    @DisplayName("Task 4: what happens to a TTL")
    class Task4_TtlSemantics {

        @Test
        @DisplayName("timeToLive tells a missing key, a key without expiry and an expiring key apart")
        void timeToLiveHasThreeStates() {
            redis.set("forever", "x");
            redis.set("soon", "x", SetParams.setParams().px(4_600));

            assertThat(cache.timeToLive("missing")).as("TTL of a key that does not exist (PTTL -2)")
                    .isEqualTo(TimeToLive.noKey());
            assertThat(cache.timeToLive("forever")).as("TTL of a key without expiry (PTTL -1)")
                    .isEqualTo(TimeToLive.never());
            TimeToLive soon = cache.timeToLive("soon");
            assertThat(soon.expires()).as("does a key set with PX 4600 expire? (%s)", soon).isTrue();
            assertThat(soon.remaining()).as("time left of a key set with PX 4600: read it with PTTL (ms). TTL answers"
                    + " in whole seconds, rounded: 5 s, which is more than the key has")
                    .isBetween(Duration.ofMillis(4_000), Duration.ofMillis(4_600));
        }

        @Test
        @DisplayName("a plain SET on an existing key throws its TTL away")
        void plainSetRemovesTheTtl() {
            redis.set("price:42", "9.99", SetParams.setParams().px(60_000));
            redis.set("price:42", "8.99"); // what a naive "update the cached value" does

            assertThat(cache.timeToLive("price:42"))
                    .as("TTL after overwriting with a plain SET: Redis drops the old TTL, and the cache entry now"
                            + " lives forever. Keep this in mind for the next test")
                    .isEqualTo(TimeToLive.never());
        }

        @Test
        @DisplayName("replaceKeepingTtl updates the value and keeps the deadline it had")
        void replaceKeepsTheTtl() {
            redis.set("price:42", "9.99", SetParams.setParams().px(60_000));

            assertThat(cache.replaceKeepingTtl("price:42", "8.99")).as("replace of an existing key").isTrue();

            assertThat(redis.get("price:42")).as("value after replace").isEqualTo("8.99");
            assertThat(redis.pttl("price:42")).as("PTTL after replace, in ms: expected the old deadline (about 60 s)."
                    + " -1 means the TTL was dropped: SET has a KEEPTTL option").isBetween(55_000L, 60_000L);
        }

        @Test
        @DisplayName("replaceKeepingTtl is one SET ... XX KEEPTTL: reading the TTL and writing it back is a race")
        void replaceIsOneCommand() {
            redis.set("price:42", "9.99", SetParams.setParams().px(ODD_TTL.toMillis()));
            stats.reset();

            assertThat(cache.replaceKeepingTtl("price:42", "8.99")).as("replace of an existing key").isTrue();

            assertThat(stats.calls("pttl") + stats.calls("ttl") + stats.calls("exists") + stats.calls("get"))
                    .as("PTTL/TTL/EXISTS/GET commands in replaceKeepingTtl: reading the TTL (or checking that the key"
                            + " exists) and then writing is two steps. The key can expire or be rewritten in between,"
                            + " and the SET then revives it or writes an old deadline. SET's XX and KEEPTTL options do"
                            + " it in one command").isZero();
            assertThat(stats.calls("expire") + stats.calls("pexpire"))
                    .as("EXPIRE/PEXPIRE commands: KEEPTTL keeps the deadline, no second command needed").isZero();
            assertThat(stats.calls("set")).as("SET commands for one replace").isEqualTo(1);
            assertThat(redis.pttl("price:42")).as("PTTL in ms after replacing a key that had 60 950 ms left: 60 000"
                    + " or less means the deadline was written back in whole seconds").isBetween(60_001L,
                    ODD_TTL.toMillis());
        }

        @Test
        @DisplayName("replaceKeepingTtl of a missing key returns false and creates nothing")
        void replaceOfMissingKeyCreatesNothing() {
            assertThat(cache.replaceKeepingTtl("price:404", "1.00")).as("replace of a key that does not exist")
                    .isFalse();
            assertThat(redis.exists("price:404")).as("key created by replace: without XX, SET creates a key that"
                    + " was never cached, and without a TTL").isFalse();
        }
    }

    @Nested
    @Task(5)
    @DisplayName("Task 5: a fixed-window rate limiter whose counters always expire")
    class Task5_RateLimiter {

        final TestClock clock = TestClock.atRoundTime();

        FixedWindowRateLimiter limiter(int limit) {
            return new FixedWindowRateLimiter(redis, limit, MINUTE, clock);
        }

        @Test
        @DisplayName("allows `limit` requests in a window, then refuses")
        void allowsUpToTheLimit() {
            FixedWindowRateLimiter limiter = limiter(3);

            List<Boolean> answers = IntStream.range(0, 5).mapToObj(i -> limiter.tryAcquire("alice")).toList();

            assertThat(answers).as("answers to 5 requests with a limit of 3 per minute")
                    .containsExactly(true, true, true, false, false);
        }

        @Test
        @DisplayName("a new window starts from zero")
        void newWindowStartsFresh() {
            FixedWindowRateLimiter limiter = limiter(2);
            limiter.tryAcquire("alice");
            limiter.tryAcquire("alice");
            assertThat(limiter.tryAcquire("alice")).as("third request in the first minute, limit 2").isFalse();

            clock.advance(MINUTE);

            assertThat(limiter.tryAcquire("alice")).as("first request of the next minute (the clock moved 60 s):"
                    + " does the key include the window, computed from the Clock you were given?").isTrue();
        }

        @Test
        @DisplayName("each client has its own counter")
        void clientsAreIndependent() {
            FixedWindowRateLimiter limiter = limiter(1);

            assertThat(limiter.tryAcquire("alice")).as("alice's first request").isTrue();
            assertThat(limiter.tryAcquire("bob")).as("bob's first request, after alice used her limit").isTrue();
            assertThat(limiter.tryAcquire("alice")).as("alice's second request").isFalse();
        }

        @Test
        @DisplayName("every counter has a TTL of at most one window, after every request")
        void countersAlwaysExpire() {
            FixedWindowRateLimiter limiter = limiter(2);

            for (int request = 1; request <= 4; request++) {
                limiter.tryAcquire("alice");
                for (String key : stats.allKeys()) {
                    assertThat(redis.pttl(key)).as("PTTL of counter %s after request %d, in ms: a counter without"
                            + " a TTL is never reset, and its client is locked out for good", key, request)
                            .isBetween(1L, MINUTE.toMillis());
                }
            }
            assertThat(stats.allKeys()).as("counter keys after requests from one client in one window").hasSize(1);
        }

        @Test
        @DisplayName("a window that is not whole seconds, or under one second, sets the counter's expiry in milliseconds")
        void windowsThatAreNotWholeSeconds() {
            clock.set(windowStart(ODD_TTL));
            FixedWindowRateLimiter limiter = new FixedWindowRateLimiter(redis, 2, ODD_TTL, clock);

            limiter.tryAcquire("alice");
            List<String> keys = stats.allKeys();
            assertThat(keys).as("counter keys after one request").hasSize(1);
            assertThat(redis.pttl(keys.get(0))).as("PTTL in ms of the counter of a 60.95 s window, right at the"
                    + " window's start: 60 000 or less means the expiry went out in whole seconds (EXPIRE"
                    + " window.toSeconds()), so the counter vanishes before its window ends. Use PX/PEXPIRE")
                    .isBetween(60_001L, ODD_TTL.toMillis());
            redis.del(keys.get(0));

            clock.set(windowStart(SUB_SECOND));
            FixedWindowRateLimiter fast = new FixedWindowRateLimiter(redis, 2, SUB_SECOND, clock);
            fast.tryAcquire("bob");
            List<String> fastKeys = stats.allKeys();
            assertThat(fastKeys).as("counter keys after one request in a 990 ms window: none means the counter was"
                    + " deleted at once. 990 ms in whole seconds is EXPIRE 0, which deletes the key, and then every"
                    + " request counts from 1 and passes").hasSize(1);
            assertThat(redis.pttl(fastKeys.get(0))).as("PTTL in ms of the counter of a 990 ms window: 1000 means a"
                    + " rounded-up EXPIRE 1, which outlives the window").isBetween(1L, SUB_SECOND.toMillis());
        }

        @Test
        @DisplayName("a limit below 1 or a window under a millisecond is refused")
        void refusesNonsenseSettings() {
            assertThat(catchThrowable(() -> new FixedWindowRateLimiter(redis, 0, MINUTE, clock)))
                    .as("a limiter with a limit of 0 refuses everything forever: throw IllegalArgumentException")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(catchThrowable(() -> new FixedWindowRateLimiter(redis, 5, Duration.ZERO, clock)))
                    .as("a limiter with a window of 0: the window number would divide by zero")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(catchThrowable(() -> new FixedWindowRateLimiter(redis, 5, Duration.ofNanos(500_000), clock)))
                    .as("a limiter with a window of half a millisecond: 0 whole milliseconds")
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("counting and expiry happen in one atomic step (MULTI/EXEC or a Lua script)")
        void oneAtomicStep(CommandMonitor monitor) {
            FixedWindowRateLimiter limiter = limiter(5);
            stats.reset();

            List<Command> commands = monitor.during(() -> limiter.tryAcquire("alice"));

            long atomicSteps = stats.calls("exec") + stats.calls("eval") + stats.calls("evalsha");
            assertThat(atomicSteps).as("MULTI/EXEC transactions or scripts for one request. INCR, then EXPIRE"
                    + " when the count is 1, is two steps: if the app dies in between, the counter never expires")
                    .isEqualTo(1);
            List<String> outside = IntStream.range(0, commands.size())
                    .filter(i -> countsOrExpires(commands.get(i)) && !CommandMonitor.inAtomicStep(commands, i))
                    .mapToObj(i -> commands.get(i).toString()).toList();
            assertThat(outside).as("commands of the first request that count or set the expiry outside the atomic step"
                    + " (all commands seen: %s). The count and its expiry belong in the same MULTI/EXEC or script:"
                    + " an EXPIRE sent after EXEC is the two-step mistake again", commands).isEmpty();
            List<String> readsOutside = IntStream.range(0, commands.size())
                    .filter(i -> !CommandMonitor.inAtomicStep(commands, i)
                            && !List.of("multi", "exec", "discard").contains(commands.get(i).name()))
                    .mapToObj(i -> commands.get(i).toString()).toList();
            assertThat(readsOutside).as("commands of the first request outside the atomic step (all commands seen:"
                    + " %s). A GET of the count, compared in Java before the INCR, is check-then-act: racing requests"
                    + " all read the same count and all pass the limit. Let the INCR's own reply decide", commands)
                    .isEmpty();
            assertThat(stats.calls("keys")).as("KEYS blocks the whole server: never in request paths").isZero();
        }

        /** The start of the window of {@code window} that the test clock is in, so a fresh counter has all of it. */
        private Instant windowStart(Duration window) {
            return Instant.ofEpochMilli(clock.millis() / window.toMillis() * window.toMillis());
        }

        /** INCR/INCRBY, any EXPIRE, or a SET with an expiry option: the steps that must happen together. */
        private boolean countsOrExpires(Command command) {
            return switch (command.name()) {
                case "incr", "incrby", "expire", "pexpire", "expireat", "pexpireat" -> true;
                case "set" -> command.args().stream().map(String::toUpperCase)
                        .anyMatch(arg -> List.of("EX", "PX", "EXAT", "PXAT").contains(arg));
                default -> false;
            };
        }
    }

    @Nested
    @Task(6)
    @DisplayName("Task 6: evict a whole namespace without KEYS")
    class Task6_EvictPrefix {

        @Test
        @DisplayName("evictPrefix removes exactly the keys with that prefix, walking the keyspace with SCAN")
        void evictsOnlyThePrefix() {
            write(IntStream.range(0, 1000).mapToObj(i -> "product:" + i).toList());
            write(IntStream.range(0, 20).mapToObj(i -> "user:" + i).toList());
            stats.reset();

            long evicted = cache.evictPrefix("product:");

            assertThat(evicted).as("count returned by evictPrefix(\"product:\")").isEqualTo(1000);
            assertThat(redis.dbSize()).as("keys left: the 20 user:* keys only").isEqualTo(20);
            assertThat(redis.exists("user:0")).as("user:0 after evicting product:*").isTrue();
            assertThat(stats.calls("keys")).as("KEYS commands: KEYS blocks every client until it has looked at"
                    + " every key. Use SCAN with MATCH and a COUNT").isZero();
            assertThat(stats.calls("scan")).as("SCAN commands").isPositive();
            assertThat(stats.calls("flushdb") + stats.calls("flushall")).as("FLUSHDB/FLUSHALL").isZero();
        }

        @Test
        @DisplayName("glob characters in the prefix are matched literally")
        void globCharactersAreLiteral() {
            write(List.of("promo[2024]:a", "promo[2024]:b", "promo2:x", "promo0:y", "promo4:z"));

            long evicted = cache.evictPrefix("promo[2024]:");

            assertThat(evicted).as("keys evicted for prefix \"promo[2024]:\" (only promo[2024]:a and :b match)."
                    + " MATCH takes a glob: unescaped, [2024] means 'one of 2, 0, 4' and matches promo2:x, promo0:y,"
                    + " promo4:z instead. Escape * ? [ ] and \\ in the prefix").isEqualTo(2);
            assertThat(redis.exists("promo2:x")).as("promo2:x still there? MATCH takes a glob: [2024] means 'one of"
                    + " 2, 0, 4', so escape * ? [ ] and \\ in the prefix").isTrue();
            assertThat(redis.exists("promo0:y")).as("promo0:y still there").isTrue();
            assertThat(redis.exists("promo4:z")).as("promo4:z still there").isTrue();

            write(List.of("tmp*?:1", "tmpXY:2", "tmpZ:3"));
            assertThat(cache.evictPrefix("tmp*?:")).as("keys evicted for prefix \"tmp*?:\" (only tmp*?:1 matches)."
                    + " Unescaped, * matches anything and ? any one character, so tmpXY:2 and tmpZ:3 match too:"
                    + " escape * and ?, not only the brackets").isEqualTo(1);
            assertThat(redis.exists("tmpXY:2")).as("tmpXY:2 still there").isTrue();
        }

        @Test
        @DisplayName("a scan whose pages are mostly empty still finds every match: only cursor 0 means done")
        void sparseMatchesAreAllFound() {
            write(IntStream.range(0, 3000).mapToObj(i -> "session:" + i).toList());
            write(IntStream.range(0, 5).mapToObj(i -> "product:" + i).toList());

            long evicted = cache.evictPrefix("product:");

            assertThat(evicted).as("keys evicted for \"product:\" among 3000 session:* keys. SCAN with MATCH filters"
                    + " each page after reading it, so most pages come back empty while the cursor is not 0 yet:"
                    + " stop only when the cursor is \"0\"").isEqualTo(5);
            assertThat(redis.dbSize()).as("keys left: the 3000 session:* keys. SCAN with MATCH filters each page"
                    + " after reading it, so most pages come back empty while the cursor is not 0 yet: stopping at"
                    + " an empty page misses keys").isEqualTo(3000);
        }

        @Test
        @DisplayName("the walk takes small steps: no SCAN whose COUNT covers the whole keyspace at once")
        void walksInSmallSteps() {
            write(IntStream.range(0, 3000).mapToObj(i -> "session:" + i).toList());
            write(IntStream.range(0, 5).mapToObj(i -> "product:" + i).toList());
            stats.reset();

            cache.evictPrefix("product:");

            assertThat(stats.calls("scan")).as("SCAN calls to walk 3005 keys: one or two means a COUNT so large that"
                    + " one SCAN reads the whole keyspace, and blocks every client as long as KEYS would. Keep COUNT"
                    + " in the hundreds").isGreaterThanOrEqualTo(3);
        }

        @Test
        @DisplayName("an empty prefix is refused instead of evicting everything")
        void emptyPrefixIsRefused() {
            write(List.of("product:1", "user:1"));

            assertThat(catchThrowable(() -> cache.evictPrefix(""))).as("evictPrefix(\"\") would match every key")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(redis.dbSize()).as("keys left after the refused call").isEqualTo(2);
        }

        private void write(List<String> keys) {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                keys.forEach(key -> pipeline.set(key, "x"));
                pipeline.sync();
            }
        }
    }

}

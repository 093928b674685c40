package learn.redis.nearcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Policy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.FutureTask;
import learn.redis.support.Pause;
import learn.redis.support.RedisLab;
import learn.redis.support.RedisStats;
import learn.redis.support.Task;
import learn.redis.support.Todo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.RedisClient;

/**
 * Lab 13. Each {@link NearCache} is one application instance with its own local level and its own Lettuce
 * connection; {@code redis} is the test's Jedis client, which plays "another application" writing to Redis and
 * reads the server's own view ({@code CLIENT LIST}, {@code INFO stats}). Local time is a {@link ManualTicker};
 * invalidations are awaited with Awaitility, never slept for; the races of Task 4 are staged with a
 * {@link Pause} at {@code NearCache.afterRedisRead}, between a GET and the local store.
 */
@RedisLab
@DisplayName("Lab 13 · A near cache: Caffeine in front of Redis, kept coherent by client tracking")
class NearCacheTest {

    private static final Duration TTL = Duration.ofMinutes(5);
    /** How long an invalidation may take to reach another instance: a millisecond on loopback, 5 s for a busy CI. */
    private static final Duration BOUND = Duration.ofSeconds(5);
    /** How long a lost connection may take to be noticed, re-established and tracked again. */
    private static final Duration RECONNECT = Duration.ofSeconds(8);
    private static final String K1 = "product:1";
    private static final String K2 = "product:2";
    private static final String AFTER_GET = "between its GET and the local store (get must run afterRedisRead there:"
            + " after connection.sync().get, before local.put)";

    RedisClient redis;
    RedisStats stats;
    io.lettuce.core.RedisClient lettuce;
    final ManualTicker ticker = new ManualTicker();
    private final List<NearCache> instances = new ArrayList<>();
    private final List<Pause> pauses = new ArrayList<>();

    /**
     * The run's first Lettuce connection starts Netty's threads and loads a few thousand classes: seconds on a busy
     * machine. Paid here, under a limit of its own, instead of inside the first test's 20 s.
     */
    @BeforeAll
    @Timeout(120)
    static void startLettuce(io.lettuce.core.RedisClient lettuce) {
        try (var connection = lettuce.connect()) {
            connection.sync().ping();
        }
    }

    @BeforeEach
    void setUp(RedisClient redis, RedisStats stats, io.lettuce.core.RedisClient lettuce) {
        this.redis = redis;
        this.stats = stats;
        this.lettuce = lettuce;
    }

    @AfterEach
    void tearDown() {
        // A failed assertion must not leave a reader parked at the hook, nor a connection tracking keys.
        pauses.forEach(Pause::release);
        instances.forEach(NearCache::close);
    }

    private NearCache instance(NearCacheSettings settings) {
        NearCache instance = new NearCache(lettuce, settings, ticker);
        instances.add(instance);
        return instance;
    }

    /** A pause at {@code afterRedisRead}: the reader it starts stops between its GET and the local store. */
    private Pause pauseAfterRedisRead(NearCache instance) {
        Pause pause = new Pause();
        pauses.add(pause);
        instance.afterRedisRead(pause);
        return pause;
    }

    /** Kills the one connection with tracking on ({@code CLIENT KILL ID}), as a network blip or a failover would. */
    private String killTrackingConnection() {
        List<String> tracking = stats.clientsFlagged('t');
        assertThat(tracking)
                .as("connections with tracking on (flag t in CLIENT LIST) before the kill: exactly the instance's"
                        + " one. None: CLIENT TRACKING ON is not sent (Task 3); more: it is sent on a second"
                        + " connection")
                .hasSize(1);
        stats.disconnectClient(tracking.get(0));
        return tracking.get(0);
    }

    private long trackingInfo(String field) {
        return Long.parseLong(stats.info("stats").get(field));
    }

    private static void readAll(NearCache instance, List<String> keys) {
        keys.forEach(instance::get);
    }

    private static List<String> products(int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            keys.add("product:" + i);
        }
        return keys;
    }

    @Nested
    @Task(1)
    @DisplayName("Task 1: the local level: a Caffeine cache bounded in size and time, with statistics")
    class Task1_LocalLevel {

        @Test
        @DisplayName("the local level holds at most maxEntries and expires entries a TTL after they were written")
        void boundedInSizeAndTime() {
            Cache<String, String> cache = LocalLevel.newCache(100, TTL, ticker);
            Policy<String, String> policy = cache.policy();

            assertThat(policy.eviction().map(Policy.Eviction::getMaximum))
                    .as("the size bound of newCache(100, ...): Caffeine.newBuilder().maximumSize(maxEntries)")
                    .hasValue(100L);
            assertThat(policy.expireAfterWrite().map(Policy.FixedExpiration::getExpiresAfter))
                    .as("expireAfterWrite of newCache(100, 5 min, ...): pass the Duration itself; a number with a"
                            + " TimeUnit is where minutes become seconds")
                    .hasValue(TTL);
            for (int i = 0; i < 1_000; i++) {
                cache.put("product:" + i, "v");
            }
            cache.cleanUp();
            assertThat(cache.estimatedSize()).as("entries after 1,000 puts into a cache bounded at 100")
                    .isLessThanOrEqualTo(100);
        }

        @Test
        @DisplayName("an entry read all the time still expires its TTL after it was written")
        void expiresAfterWriteEvenWhenRead() {
            Cache<String, String> cache = LocalLevel.newCache(10, TTL, ticker);
            cache.put(K1, "v1");

            ticker.advance(TTL.minusSeconds(1));
            assertThat(cache.getIfPresent(K1)).as("product:1 one second before its TTL (time comes from the ticker"
                    + " passed in: Caffeine.newBuilder().ticker(ticker))").isEqualTo("v1");
            ticker.advance(Duration.ofSeconds(2));
            assertThat(cache.getIfPresent(K1))
                    .as("product:1 one second after its TTL, although it was just read: expireAfterAccess keeps a"
                            + " hot entry forever, and the TTL is the safety net when an invalidation is lost. Use"
                            + " expireAfterWrite")
                    .isNull();
        }

        @Test
        @DisplayName("the local level counts its hits and misses, so its hit ratio can be measured")
        void recordsHitsAndMisses() {
            Cache<String, String> cache = LocalLevel.newCache(10, TTL, ticker);
            cache.getIfPresent(K1);
            cache.put(K1, "v1");
            cache.getIfPresent(K1);
            cache.getIfPresent(K1);
            cache.getIfPresent(K1);

            assertThat(cache.stats().missCount()).as("misses recorded (all zero without recordStats())")
                    .isEqualTo(1);
            assertThat(cache.stats().hitCount()).as("hits recorded").isEqualTo(3);
            assertThat(cache.stats().hitRate()).as("hit ratio: 3 hits of 4 lookups").isEqualTo(0.75);
        }

        @Test
        @DisplayName("a size below 1 and a missing, zero or negative TTL are refused with IllegalArgumentException")
        void refusesBadBounds() {
            for (int maxEntries : new int[] {0, -1}) {
                Throwable thrown = Todo.surfacing(catchThrowable(() -> LocalLevel.newCache(maxEntries, TTL, ticker)));
                assertThat(thrown).as("newCache(%d, 5 min, ticker): a local cache without a bound grows until the"
                        + " heap is gone, so refuse it", maxEntries).isInstanceOf(IllegalArgumentException.class);
            }
            for (Duration ttl : new Duration[] {null, Duration.ZERO, Duration.ofSeconds(-1)}) {
                Throwable thrown = Todo.surfacing(catchThrowable(() -> LocalLevel.newCache(10, ttl, ticker)));
                assertThat(thrown).as("newCache(10, %s, ticker): the TTL must be positive", ttl)
                        .isInstanceOf(IllegalArgumentException.class);
                assertThat(thrown.getMessage()).as("the message of the refusal of ttl %s: say what was wrong", ttl)
                        .isNotBlank();
            }
        }
    }

    @Nested
    @Task(2)
    @DisplayName("Task 2: two levels: the local copy first, then Redis; and why a local level alone goes stale")
    class Task2_TwoLevels {

        @Test
        @DisplayName("a hundred reads of one key cost one GET; the other 99 are local hits")
        void repeatedReadsAreLocalHits() {
            NearCache app = instance(NearCacheSettings.localOnly(100, TTL));
            redis.set(K1, "v1");
            stats.reset();

            for (int i = 0; i < 100; i++) {
                assertThat(app.get(K1)).as("get(product:1), read %d", i + 1).hasValue("v1");
            }

            assertThat(stats.calls("get")).as("GETs that reached Redis for 100 reads of one key: the first read"
                    + " stores the value in the local level, the others are answered from it").isEqualTo(1);
            assertThat(app.localStats().hitCount()).as("local hits (localStats())").isEqualTo(99);
            assertThat(app.get("product:404")).as("get of a key Redis does not hold").isEmpty();
        }

        @Test
        @DisplayName("a write goes to Redis and drops the instance's own local copy instead of storing the new value")
        void writeDropsOwnCopy() {
            NearCache app = instance(NearCacheSettings.localOnly(100, TTL));
            redis.set(K1, "v1");
            app.get(K1);
            stats.reset();

            app.set(K1, "v2");

            assertThat(redis.get(K1)).as("what Redis holds after set(product:1, v2)").isEqualTo("v2");
            assertThat(stats.calls("set")).as("SETs sent by one set()").isEqualTo(1);
            assertThat(app.isCachedLocally(K1))
                    .as("the local copy of product:1 right after the instance's own write: drop it (invalidate),"
                            + " do not put the new value. With tracking, Redis stops tracking a key for you when"
                            + " you write it, so a copy stored now would never hear of the next write (Task 5)")
                    .isFalse();
            assertThat(app.get(K1)).as("get(product:1) after the write").hasValue("v2");
        }

        @Test
        @DisplayName("without tracking, instance B serves its old copy after A's write, until its TTL runs out")
        void localLevelAloneGoesStale() {
            NearCache a = instance(NearCacheSettings.localOnly(100, TTL));
            NearCache b = instance(NearCacheSettings.localOnly(100, TTL));
            redis.set(K1, "v1");
            assertThat(b.get(K1)).as("B's first read").hasValue("v1");

            a.set(K1, "v2");

            assertThat(b.get(K1))
                    .as("B's read right after A wrote v2: B still has v1 in its local level and nobody tells it."
                            + " If you see v2, B does not keep what it reads (store the value after the GET)")
                    .hasValue("v1");
            ticker.advance(TTL.plusSeconds(1));
            assertThat(b.get(K1)).as("B's read once its local TTL has run out: a miss, so a GET").hasValue("v2");
        }
    }

    @Nested
    @Task(3)
    @DisplayName("Task 3: client tracking: Redis tells every instance which of its copies changed")
    class Task3_Tracking {

        @Test
        @DisplayName("when A writes, B's local copy is gone within five seconds, without B asking Redis anything")
        void writeByOneInstanceReachesTheOther() {
            NearCache a = instance(NearCacheSettings.tracking(100, TTL));
            NearCache b = instance(NearCacheSettings.tracking(100, TTL));
            redis.set(K1, "v1");
            b.get(K1);
            assertThat(b.isCachedLocally(K1)).as("B holds product:1 after reading it").isTrue();
            stats.reset();

            a.set(K1, "v2");

            await("B's copy of product:1 to go").atMost(BOUND).untilAsserted(() -> assertThat(b.isCachedLocally(K1))
                    .as("B's copy of product:1 after A's write: Redis pushes an invalidate message on the"
                            + " connection that read the key, once CLIENT TRACKING ON was sent on that connection"
                            + " and a PushListener drops the keys it names")
                    .isFalse());
            assertThat(stats.calls("get")).as("GETs while B's copy went: the news came by push, not by polling")
                    .isZero();
            assertThat(b.invalidationsReceived()).as("invalidation messages B counted").isPositive();
            assertThat(b.get(K1)).as("B's next read").hasValue("v2");
        }

        @Test
        @DisplayName("an invalidation drops the key it names and keeps the others")
        void onlyTheChangedKeyLeaves() {
            NearCache b = instance(NearCacheSettings.tracking(100, TTL));
            redis.mset(K1, "v1", K2, "v1");
            readAll(b, List.of(K1, K2));

            redis.set(K1, "v2");

            await("B's copy of product:1 to go").atMost(BOUND).untilAsserted(() -> assertThat(b.isCachedLocally(K1))
                    .as("B's copy of product:1 after another application wrote it").isFalse());
            assertThat(b.isCachedLocally(K2))
                    .as("B's copy of product:2, which nobody wrote: the message names its keys (the second"
                            + " element of the push, a list); drop those, not the whole local level")
                    .isTrue();
        }

        @Test
        @DisplayName("FLUSHDB empties every instance's local level (an invalidation with no key list)")
        void flushEmptiesTheLocalLevel() {
            NearCache b = instance(NearCacheSettings.tracking(100, TTL));
            redis.mset(K1, "v1", K2, "v1");
            readAll(b, List.of(K1, K2));

            redis.flushDB();

            await("B's local level to empty").atMost(BOUND).untilAsserted(() -> assertThat(
                    List.of(b.isCachedLocally(K1), b.isCachedLocally(K2)))
                    .as("whether B still holds product:1 and product:2 after FLUSHDB: Redis sends one invalidate"
                            + " message whose key list is null, meaning everything; a listener that only loops"
                            + " over keys misses it (or fails on the null)")
                    .containsOnly(false));
        }
    }

    @Nested
    @Task(4)
    @DisplayName("Task 4: the races: an invalidation during a read, and a lost connection")
    class Task4_Races {

        @Test
        @DisplayName("an invalidation that arrives between the GET and the local store keeps the old value out")
        void invalidationDuringReadIsNotStored() {
            NearCache b = instance(NearCacheSettings.tracking(100, TTL));
            redis.set(K1, "v1");
            // tag::in-flight-race[]
            Pause pause = pauseAfterRedisRead(b);
            FutureTask<Optional<String>> reader = pause.start("reader", () -> b.get(K1));
            pause.awaitArrival(AFTER_GET); // B's GET has returned v1; B has not stored it yet
            long before = b.invalidationsReceived();

            redis.set(K1, "v2"); // another application writes: Redis pushes an invalidation to B
            await("the invalidation of product:1 to reach B").atMost(BOUND).untilAsserted(() -> assertThat(
                    b.invalidationsReceived()).as("invalidations B counted while its read was paused").isGreaterThan(
                    before));
            pause.release(); // only now does B's read go on to the local store
            // end::in-flight-race[]

            assertThat(Pause.join(reader, "B's get(product:1)")).as("what the paused read returns: what its GET saw")
                    .hasValue("v1");
            assertThat(b.isCachedLocally(K1))
                    .as("B's copy of product:1 after its read stored v1 although an invalidation came while it"
                            + " was in flight: that message has come and gone, so v1 would stay until the TTL."
                            + " Note a counter (an epoch) before the GET, and store only if no invalidation moved"
                            + " it, checked and stored under the lock the invalidation takes")
                    .isFalse();
            assertThat(b.get(K1)).as("B's next read").hasValue("v2");
        }

        @Test
        @DisplayName("losing the connection empties the local level: invalidations sent meanwhile are lost")
        void lostConnectionEmptiesLocalLevel() {
            NearCache b = instance(NearCacheSettings.tracking(100, TTL));
            redis.mset(K1, "v1", K2, "v1");
            readAll(b, List.of(K1, K2));

            killTrackingConnection();
            redis.set(K1, "v2");

            await("B to serve v2 for product:1").atMost(RECONNECT).ignoreExceptions().untilAsserted(() -> assertThat(
                    b.get(K1))
                    .as("B's read of product:1 after its connection was killed and another application wrote v2:"
                            + " the invalidation went to a dead connection. Empty the local level when the"
                            + " connection drops (RedisConnectionStateListener.onRedisDisconnected)")
                    .hasValue("v2"));
            assertThat(b.isCachedLocally(K2))
                    .as("B's copy of product:2 after the connection was lost: nobody can vouch for it any more")
                    .isFalse();
        }

        @Test
        @DisplayName("after Lettuce reconnects, tracking is on again and invalidations arrive as before")
        void trackingResumesAfterReconnect() {
            NearCache b = instance(NearCacheSettings.tracking(100, TTL));
            redis.set(K1, "v1");
            b.get(K1);
            String killed = killTrackingConnection();

            await("a new tracking connection").atMost(RECONNECT).untilAsserted(() -> assertThat(
                    stats.clientsFlagged('t'))
                    .as("connections with tracking on after B's was killed: Lettuce reconnects by itself, but a"
                            + " new connection starts without tracking. Send CLIENT TRACKING again when it is back"
                            + " (onRedisConnected), asynchronously: it runs on Lettuce's event loop")
                    .hasSize(1).doesNotContain(killed));
            await("B to keep what it reads again").atMost(RECONNECT).untilAsserted(() -> {
                b.get(K1);
                assertThat(b.isCachedLocally(K1)).as("B's copy of product:1 after a read once tracking is back:"
                        + " B must cache again, not stay in 'do not keep' mode").isTrue();
            });

            redis.set(K1, "v3");

            await("B's copy of product:1 to go").atMost(BOUND).untilAsserted(() -> assertThat(b.isCachedLocally(K1))
                    .as("B's copy of product:1 after another write, on the new connection").isFalse());
        }

        @Test
        @DisplayName("a read in flight when the connection drops does not store what it read")
        void readAcrossDisconnectIsNotStored() {
            NearCache b = instance(NearCacheSettings.tracking(100, TTL));
            redis.mset(K1, "v1", K2, "v1", "product:3", "v1");
            b.get(K2);
            Pause pause = pauseAfterRedisRead(b);
            FutureTask<Optional<String>> reader = pause.start("reader", () -> b.get(K1));
            pause.awaitArrival(AFTER_GET);

            killTrackingConnection();
            await("B to notice the lost connection").atMost(RECONNECT).untilAsserted(() -> assertThat(
                    b.isCachedLocally(K2)).as("B's copy of product:2 after its connection was killed (Task 4's"
                    + " flush)").isFalse());
            await("B to track and cache again").atMost(RECONNECT).ignoreExceptions().untilAsserted(() -> {
                b.get("product:3");
                assertThat(b.isCachedLocally("product:3")).as("B caching again after the reconnect").isTrue();
            });
            redis.set(K1, "v2");
            pause.release();
            Pause.join(reader, "B's get(product:1)");

            assertThat(b.isCachedLocally(K1))
                    .as("B's copy of product:1, read on the connection that died and stored after the new one"
                            + " was tracking: the new connection never read product:1, so Redis will not report"
                            + " its change and v1 would stay. A lost connection must count as an invalidation"
                            + " for reads in flight (move the epoch)")
                    .isFalse();
            assertThat(b.get(K1)).as("B's next read").hasValue("v2");
        }
    }

    @Nested
    @Task(5)
    @DisplayName("Task 5: NOLOOP, broadcast mode and what tracking costs the server")
    class Task5_ModesAndMemory {

        @Test
        @DisplayName("with NOLOOP an instance is not told about its own writes, and still about everyone else's")
        void noloopSkipsOwnWrites() {
            NearCache a = instance(NearCacheSettings.tracking(100, TTL).withNoloop());
            redis.mset(K1, "v1", K2, "v1");
            readAll(a, List.of(K1, K2));

            a.set(K1, "v2");
            redis.set(K2, "v2");

            await("A's copy of product:2 to go").atMost(BOUND).untilAsserted(() -> assertThat(a.isCachedLocally(K2))
                    .as("A's copy of product:2 after another application wrote it").isFalse());
            assertThat(a.invalidationsReceived())
                    .as("invalidation messages A received: one for product:2. Two means Redis also told A about"
                            + " its own write of product:1: add noloop() to the TrackingArgs when"
                            + " settings.noloop() (messages arrive in order, so product:1's would be here)")
                    .isEqualTo(1);
        }

        @Test
        @DisplayName("in BCAST mode an instance hears about every key under its prefix, read or not, and no other")
        void broadcastByPrefix() {
            redis.set(K1, "v1"); // before B exists: in broadcast mode B would hear of this write too
            NearCache b = instance(NearCacheSettings.broadcast(100, TTL, "product:"));
            b.get(K1);

            redis.set("user:1", "u");
            redis.set("product:7", "never read by B");
            redis.set(K1, "v2");

            await("B's copy of product:1 to go").atMost(BOUND).untilAsserted(() -> assertThat(b.isCachedLocally(K1))
                    .as("B's copy of product:1 in broadcast mode").isFalse());
            assertThat(b.invalidationsReceived())
                    .as("invalidation messages B received for SET user:1, SET product:7, SET product:1: two"
                            + " (product:7 and product:1). One: B is in default mode and hears only of keys it"
                            + " read (bcast()); three: it also heard of user:1 (prefixes(\"product:\"))")
                    .isEqualTo(2);
        }

        @Test
        @DisplayName("default mode costs the server an entry per key read and an item per reader; broadcast adds none")
        void defaultModeTracksEveryKeyRead() {
            NearCache a = instance(NearCacheSettings.tracking(100, TTL));
            NearCache b = instance(NearCacheSettings.tracking(100, TTL));
            List<String> keys = products(50);
            keys.forEach(key -> redis.set(key, "v1"));
            NearCache broadcasting = instance(NearCacheSettings.broadcast(100, TTL, "product:"));
            long keysBefore = trackingInfo("tracking_total_keys");
            long itemsBefore = trackingInfo("tracking_total_items");

            readAll(a, keys);
            readAll(b, keys);
            readAll(broadcasting, keys);

            assertThat(trackingInfo("tracking_total_keys") - keysBefore)
                    .as("new entries in the server's tracking table (INFO stats tracking_total_keys) after two"
                            + " default instances and one broadcast instance read the same 50 keys: one per key."
                            + " Zero means the default instances broadcast too (bcast() only for BCAST settings)")
                    .isEqualTo(50);
            assertThat(trackingInfo("tracking_total_items") - itemsBefore)
                    .as("new (key, client) pairs in the tracking table (tracking_total_items): 50 keys x 2 default"
                            + " instances; 150 means the broadcast instance tracks keys too (bcast())")
                    .isEqualTo(100);
            keys.forEach(key -> redis.set(key, "v2"));
            assertThat(trackingInfo("tracking_total_keys")).as("tracking_total_keys once every key was written:"
                    + " an invalidated key leaves the table until someone reads it again").isEqualTo(keysBefore);
        }

        @Test
        @DisplayName("broadcast mode costs one entry per prefix, however many keys are read")
        void broadcastTracksPrefixesNotKeys() {
            List<String> keys = products(50);
            keys.forEach(key -> redis.set(key, "v1"));
            NearCache b = instance(NearCacheSettings.broadcast(100, TTL, "product:"));
            long keysBefore = trackingInfo("tracking_total_keys");

            readAll(b, keys);

            assertThat(trackingInfo("tracking_total_keys") - keysBefore)
                    .as("new entries in the key tracking table after a broadcast instance read 50 keys: none,"
                            + " broadcast mode does not remember who read what")
                    .isZero();
            assertThat(trackingInfo("tracking_total_prefixes"))
                    .as("prefixes in the broadcast table (INFO stats tracking_total_prefixes): product: only")
                    .isEqualTo(1);
            assertThat(keys.stream().filter(b::isCachedLocally).count())
                    .as("keys B holds locally after reading them in broadcast mode").isEqualTo(50);
        }
    }
}

package learn.redis.eviction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongToDoubleFunction;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import learn.redis.support.RedisLab;
import learn.redis.support.RedisServerInfo;
import learn.redis.support.RedisStats;
import learn.redis.support.RestartableRedis;
import learn.redis.support.Task;
import learn.redis.support.Todo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;

/**
 * Every test that sets {@code maxmemory} or a policy gets a server of its own ({@link OwnRedis}), so no other test
 * sees its settings; with an external REDIS_URL, {@code @RedisLab} skips those tests with the reason.
 */
@RedisLab
@DisplayName("Lab 11: memory and eviction")
class EvictionTest {

    /** The workload of Tasks 3 and 4: 500 keys, Zipf exponent 1, 2000 requests, always the same sequence. */
    private static final int KEYS = 500;
    private static final int REQUESTS = 2_000;
    private static final long SEED = 11;
    /**
     * Values of 2 KB: all 500 take about 1 MB, so a cache of a few hundred KB is a real choice, and the tens of KB
     * by which a connection's buffers move used_memory (Redis 7 resizes them with the traffic) do not decide it.
     */
    private static final int VALUE_BYTES = 2_000;
    /** About a fifth of the data set: room for roughly 95 of the 500 values. */
    private static final long CACHE_HEADROOM = 200_000;

    private OwnRedis own;

    @AfterEach
    void closeOwnServer() {
        if (own != null) {
            own.close();
        }
    }

    private static int[] workload() {
        return ZipfWorkload.keys(KEYS, 1.0, REQUESTS, SEED);
    }

    @Nested
    @Task(1)
    @DisplayName("Task 1: measure what an entry costs")
    class Task1_WhatAnEntryCosts {

        @Test
        @DisplayName("a number, a short and a long string get the int, embstr and raw encodings")
        void stringEncodings(RedisClient redis) {
            redis.set("visits", "12345");
            redis.set("name", "Ada Lovelace");
            redis.set("bio", "x".repeat(100));
            MemoryInspector inspector = new MemoryInspector(redis);

            Map<String, String> expected = Map.of("visits", "int", "name", "embstr", "bio", "raw");
            expected.forEach((key, encoding) -> {
                EntryReport report = inspector.inspect(key).orElseThrow(
                        () -> new AssertionError("inspect(\"" + key + "\") was empty, but the key exists"));
                assertThat(report.type()).as("TYPE %s", key).isEqualTo("string");
                assertThat(report.encoding())
                        .as("OBJECT ENCODING %s: a number fits in the pointer itself (int), up to 44 bytes share"
                                + " one allocation with the header (embstr), longer ones get their own (raw)", key)
                        .isEqualTo(encoding);
                assertThat(report.bytes()).as("bytes of %s should be MEMORY USAGE %s", key, key)
                        .isEqualTo(redis.memoryUsage(key, 0));
            });
        }

        @Test
        @DisplayName("a big hash is measured exactly (SAMPLES 0), not estimated from five of its fields")
        void exactSizeOfBigHash(RedisClient redis, RedisServerInfo server) {
            Map<String, String> fields = new HashMap<>();
            IntStream.range(0, 1_000).forEach(i -> fields.put("f" + i, "v" + i));
            fields.put("photo", "p".repeat(50_000)); // one field far bigger than the others
            redis.hset("user:1", fields);
            redis.hset("user:2", Map.of("name", "Ada", "city", "London"));
            MemoryInspector inspector = new MemoryInspector(redis);

            EntryReport big = inspector.inspect("user:1").orElseThrow();
            assertThat(big.bytes())
                    .as("MEMORY USAGE samples 5 fields of a hash and multiplies unless told SAMPLES 0; with one"
                            + " 50 KB field among 1000 small ones the estimate is far off. Expected the exact figure")
                    .isEqualTo(redis.memoryUsage("user:1", 0));
            assertThat(big.encoding()).as("a hash with 1001 fields (and a 50 KB value) is a real hash table")
                    .isEqualTo("hashtable");
            String compact = server.version().isAtLeast(7, 0) ? "listpack" : "ziplist";
            assertThat(inspector.inspect("user:2").orElseThrow().encoding())
                    .as("a small hash is one compact blob: 'ziplist' in Redis 6.2, 'listpack' in Redis 7 (this"
                            + " server runs %s)", server.version())
                    .isEqualTo(compact);
        }

        @Test
        @DisplayName("a key that does not exist has no report; a null or empty key is refused")
        void missingKey(RedisClient redis) {
            MemoryInspector inspector = new MemoryInspector(redis);

            assertThat(inspector.inspect("nobody:here"))
                    .as("MEMORY USAGE of a missing key is nil: inspect() should be empty, not fail or report 0")
                    .isEmpty();
            assertThat(Todo.surfacing(catchThrowable(() -> inspector.inspect(""))))
                    .as("an empty key is a caller's bug: expected IllegalArgumentException")
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("usedMemory() is INFO memory's used_memory and grows by what a new key costs")
        void usedMemory(RedisClient redis) {
            MemoryInspector inspector = new MemoryInspector(redis);
            long before = inspector.usedMemory();

            redis.set("blob", "b".repeat(200_000));
            long after = inspector.usedMemory();

            long server = Long.parseLong(redis.info("memory").lines().filter(l -> l.startsWith("used_memory:"))
                    .findFirst().orElseThrow().substring("used_memory:".length()).trim());
            assertThat(after).as("usedMemory() should be used_memory (not used_memory_rss, _peak or _human)")
                    .isCloseTo(server, within(20_000L));
            assertThat(after - before)
                    .as("a 200 KB value should add at least 200 KB to used_memory (it added %d bytes)", after - before)
                    .isGreaterThanOrEqualTo(200_000L);
        }
    }

    @Nested
    @Task(2)
    @DisplayName("Task 2: store many small values in small hashes")
    class Task2_Buckets {

        @BeforeEach
        void start(RestartableRedis redis) {
            own = new OwnRedis(redis);
        }

        @Test
        @DisplayName("5000 small values in buckets take at least 3 times less memory than one key each")
        void bucketsAreSmaller() {
            RedisClient redis = own.client();
            long empty = own.usedMemory();
            for (int id = 0; id < 5_000; id++) {
                redis.set("plain:" + id, "user-" + id);
            }
            long asKeys = own.usedMemory() - empty;
            redis.flushDB();

            long beforeBuckets = own.usedMemory();
            BucketedStore store = new BucketedStore(redis, "user");
            for (int id = 0; id < 5_000; id++) {
                store.put(id, "user-" + id);
            }
            long asBuckets = own.usedMemory() - beforeBuckets;

            assertThat(store.get(4_321)).as("get(4321) should return what put(4321, ...) stored")
                    .contains("user-4321");
            assertThat(store.get(5_001)).as("an id never stored has no value").isEmpty();
            assertThat((double) asKeys / asBuckets)
                    .as("one key each used %d bytes, the buckets %d: expected at least 3 times less. Are the"
                            + " buckets small enough to stay %s (OBJECT ENCODING %s)?", asKeys, asBuckets,
                            own.compactHashEncoding(), store.bucketKey(0))
                    .isGreaterThanOrEqualTo(3.0);
            assertThat(redis.objectEncoding(store.bucketKey(4_999))).as("OBJECT ENCODING of a bucket")
                    .isEqualTo(own.compactHashEncoding());
        }

        @Test
        @DisplayName("the bucket size follows the server's limit (hash-max-ziplist-entries in 6.2, -listpack- in 7)")
        void bucketSizeFromServer() {
            RedisClient redis = own.client();
            // The old name is an alias in Redis 7, so this lowers the limit on both versions.
            redis.configSet("hash-max-ziplist-entries", "50");

            BucketedStore store = new BucketedStore(redis, "user");
            for (int id = 0; id < 1_000; id++) {
                store.put(id, "u" + id);
            }

            assertThat(store.bucketSize())
                    .as("this server keeps a hash compact up to 50 fields (CONFIG GET hash-max-%s-entries):"
                            + " a bucket size written into the code breaks on a server configured otherwise",
                            own.version().isAtLeast(7, 0) ? "listpack" : "ziplist")
                    .isEqualTo(50);
            List<String> notCompact = new ArrayList<>();
            for (int id = 0; id < 1_000; id += 50) {
                if (!own.compactHashEncoding().equals(redis.objectEncoding(store.bucketKey(id)))) {
                    notCompact.add(store.bucketKey(id));
                }
            }
            assertThat(notCompact).as("buckets that grew past the limit and became hashtables").isEmpty();
            assertThat(redis.dbSize()).as("1000 ids in buckets of 50 are 20 hashes").isEqualTo(20);
        }

        @Test
        @DisplayName("a value over hash-max-*-value bytes or a negative id is refused, and the bucket stays compact")
        void refusesWhatWouldBloat() {
            BucketedStore store = new BucketedStore(own.client(), "user");
            store.put(1, "small");

            assertThat(Todo.surfacing(catchThrowable(() -> store.put(2, "x".repeat(100)))))
                    .as("a 100-byte value is over this server's 64-byte limit (hash-max-*-value): it would turn"
                            + " the whole bucket into a hashtable. Expected IllegalArgumentException")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(Todo.surfacing(catchThrowable(() -> store.put(-1, "x"))))
                    .as("put(-1, ...): a negative id has no bucket. Expected IllegalArgumentException")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(own.client().objectEncoding(store.bucketKey(1)))
                    .as("the refused value must not have been written").isEqualTo(own.compactHashEncoding());
        }
    }

    @Nested
    @Task(3)
    @DisplayName("Task 3: replay a seeded Zipf workload under each policy")
    class Task3_Policies {

        @Test
        @DisplayName("the workload is repeatable, in range, and skewed: the top 10% of keys get most requests")
        void zipfWorkload() {
            int[] first = workload();

            assertThat(ZipfWorkload.keys(KEYS, 1.0, REQUESTS, SEED))
                    .as("the same seed must give the same sequence: pass it to the generator (new Well19937c(seed))"
                            + " instead of using an unseeded one")
                    .containsExactly(first);
            assertThat(ZipfWorkload.keys(KEYS, 1.0, REQUESTS, SEED + 1)).as("another seed, another sequence")
                    .isNotEqualTo(first);
            assertThat(Arrays.stream(first).min().orElseThrow())
                    .as("keys are 0..keyCount-1: ZipfDistribution.sample() returns ranks 1..keyCount, so subtract 1")
                    .isZero();
            assertThat(Arrays.stream(first).max().orElseThrow()).as("no key number may reach keyCount")
                    .isLessThan(KEYS);
            long top = Arrays.stream(first).filter(key -> key < KEYS / 10).count();
            assertThat((double) top / REQUESTS)
                    .as("with exponent 1.0 the 50 most popular of 500 keys get about 2/3 of requests (uniform"
                            + " random keys would get 10%%): is the distribution Zipf?")
                    .isGreaterThan(0.55);
            assertThat(Todo.surfacing(catchThrowable(() -> ZipfWorkload.keys(KEYS, 0, REQUESTS, SEED))))
                    .as("exponent 0 is no skew at all; expected IllegalArgumentException")
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("a replay sets the policy and maxmemory, reports the server's counts, and volatile-lru evicts entries")
        void replayReportsServerCounts(RestartableRedis redis) {
            own = new OwnRedis(redis);
            long maxmemory = own.usedMemory() + CACHE_HEADROOM;

            CacheBench bench = new CacheBench(own.client(), VALUE_BYTES);
            RunResult volatileLru = bench.replay(EvictionPolicy.VOLATILE_LRU, maxmemory, workload());

            RunResult run = bench.replay(EvictionPolicy.ALLKEYS_LRU, maxmemory, workload());

            Map<String, String> config = own.client().configGet("maxmemory*");
            assertThat(config.get("maxmemory-policy")).as("CONFIG GET maxmemory-policy after the replay")
                    .isEqualTo("allkeys-lru");
            assertThat(config.get("maxmemory")).as("CONFIG GET maxmemory after the replay")
                    .isEqualTo(Long.toString(maxmemory));
            assertThat(run.hits() + run.misses())
                    .as("every request is one GET, so hits + misses should be %d. More: the counts include the run"
                            + " before; zero them (CONFIG RESETSTAT) when the run starts", REQUESTS)
                    .isEqualTo(REQUESTS);
            assertThat(run.hits()).as("hits should be INFO stats keyspace_hits").isEqualTo(own.stat("keyspace_hits"));
            // Eviction that runs out of its time slice goes on in the background (maxmemory-eviction-tenacity),
            // so a moment after the replay the server may have evicted a few more: the figure can only have grown.
            assertThat(run.evictedKeys()).as("evictedKeys should be INFO stats evicted_keys, read after the replay")
                    .isPositive().isLessThanOrEqualTo(own.stat("evicted_keys"));
            assertThat(run.refusedWrites()).as("allkeys-lru evicts instead of refusing writes").isZero();
            assertThat(volatileLru.refusedWrites())
                    .as("under volatile-lru only keys with a TTL can be evicted: writes were refused (OOM), so the"
                            + " bench's entries have no TTL. Write them with SET ... PX")
                    .isZero();
            assertThat(volatileLru.evictedKeys()).as("volatile-lru should have evicted entries").isPositive();
        }

        @Test
        @Timeout(60) // three replays of 2000 requests: seconds on a busy machine
        @DisplayName("on a steady skewed workload allkeys-lfu hits more often than allkeys-lru and allkeys-random")
        void policiesCompared(RestartableRedis redis) {
            own = new OwnRedis(redis);
            CacheBench bench = new CacheBench(own.client(), VALUE_BYTES);
            long maxmemory = own.usedMemory() + CACHE_HEADROOM;
            int[] workload = workload();

            Map<EvictionPolicy, RunResult> runs = new HashMap<>();
            for (EvictionPolicy policy : List.of(EvictionPolicy.ALLKEYS_LFU, EvictionPolicy.ALLKEYS_LRU,
                    EvictionPolicy.ALLKEYS_RANDOM)) {
                runs.put(policy, bench.replay(policy, maxmemory, workload));
            }

            double lfu = runs.get(EvictionPolicy.ALLKEYS_LFU).hitRatio();
            double lru = runs.get(EvictionPolicy.ALLKEYS_LRU).hitRatio();
            double random = runs.get(EvictionPolicy.ALLKEYS_RANDOM).hitRatio();
            assertThat(lfu)
                    .as("allkeys-lfu keeps the keys asked for most often: on a workload whose popular keys never"
                            + " change it should hit clearly more often than allkeys-lru (%.3f) and allkeys-random"
                            + " (%.3f). Runs: %s", lru, random, runs)
                    .isGreaterThan(Math.max(lru, random) + 0.02);
        }
    }

    @Nested
    @Task(4)
    @DisplayName("Task 4: find the smallest maxmemory that reaches a target hit ratio")
    class Task4_Sizing {

        @Test
        @DisplayName("on a step curve the answer is within one resolution above the step, found by binary search")
        void stepCurve() {
            AtomicInteger replays = new AtomicInteger();
            LongToDoubleFunction curve = maxmemory -> {
                replays.incrementAndGet();
                return maxmemory >= 700_123 ? 0.9 : 0.5;
            };

            long found = MaxmemoryFinder.smallest(curve, 0.8, 100_000, 2_000_000, 1_000);

            assertThat(found).as("the hit ratio reaches 0.8 from 700123 bytes on; a value below it misses the"
                    + " target (did you return the lower bound of the search?)").isBetween(700_123L, 701_123L);
            assertThat(replays.get())
                    .as("each call is a whole replay: 1.9 MB at 1 KB resolution takes about 11 calls by halving,"
                            + " not one per step")
                    .isLessThanOrEqualTo(13);
        }

        @Test
        @DisplayName("refuses a target above 1, a reversed range, and says so when even the largest size falls short")
        void badInput() {
            LongToDoubleFunction curve = maxmemory -> 0.4;

            assertThat(Todo.surfacing(catchThrowable(() -> MaxmemoryFinder.smallest(curve, 1.2, 1, 100, 1))))
                    .as("a hit ratio above 1 is impossible: expected IllegalArgumentException")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(Todo.surfacing(catchThrowable(() -> MaxmemoryFinder.smallest(curve, 0.5, 100, 1, 1))))
                    .as("low above high: expected IllegalArgumentException").isInstanceOf(IllegalArgumentException.class);
            assertThat(Todo.surfacing(catchThrowable(() -> MaxmemoryFinder.smallest(curve, 0.5, 1, 100, 1))))
                    .as("the hit ratio never reaches 0.5 in [1, 100]: expected IllegalStateException, not an answer"
                            + " that does not reach the target")
                    .isInstanceOf(IllegalStateException.class);
        }

        @Test
        @Timeout(60) // four replays of 2000 requests: seconds on a busy machine
        @DisplayName("on a real server, the size found reaches the target")
        void realServer(RestartableRedis redis) {
            own = new OwnRedis(redis);
            CacheBench bench = new CacheBench(own.client(), VALUE_BYTES);
            int[] workload = workload();
            long base = own.usedMemory();
            Map<Long, Double> replays = new HashMap<>();
            LongToDoubleFunction lfu = maxmemory -> replays.computeIfAbsent(maxmemory,
                    size -> bench.replay(EvictionPolicy.ALLKEYS_LFU, size, workload).hitRatio());

            long found = MaxmemoryFinder.smallest(lfu, 0.6, base + 100_000, base + 900_000, 100_000);

            assertThat(found).as("the answer lies inside the range searched").isBetween(base + 100_000, base + 900_000);
            assertThat(replays).as("the size returned should be one that was tried (replays: %s)", replays)
                    .containsKey(found);
            assertThat(replays.get(found)).as("the replay at the size returned should reach 0.6 (replays: %s)",
                    replays).isGreaterThanOrEqualTo(0.6);
        }
    }

    @Nested
    @Task(5)
    @DisplayName("Task 5: cache beside data that must stay, and survive a full Redis")
    class Task5_MixedData {

        private static final Duration TTL = Duration.ofMinutes(10);
        /** Profiles of about 2 KB: together about 300 KB, twice what the cache gets. */
        private static final int PROFILES = 150;
        /** Far more than the tens of KB by which connection buffers move used_memory on Redis 7. */
        private static final long CACHE_HEADROOM = 150_000;

        private ProfileDatabase database;

        @BeforeEach
        void start(RestartableRedis redis) {
            own = new OwnRedis(redis);
            database = ProfileDatabase.withProfiles(PROFILES);
        }

        @AfterEach
        void dropDatabase() {
            database.close();
        }

        /** 50 sessions of 500 bytes, without a TTL: data the application must not lose to eviction. */
        private void storeSessions() {
            for (int i = 0; i < 50; i++) {
                own.client().set("session:" + i, "s".repeat(500));
            }
        }

        @Test
        @DisplayName("under noeviction a full Redis refuses the cache write, and read() still answers from the database")
        void readDegradesOnOom() {
            ProfileCache cache = new ProfileCache(own.client(), database, TTL);
            storeSessions();
            own.makeFull();
            own.resetStats();

            Throwable thrown = catchThrowable(() -> cache.read(7));
            assertThat(Todo.surfacing(thrown))
                    .as("read(7) threw: a cache that is full is a cache miss, not a failed request. Catch the OOM"
                            + " error of the SET and return the database's row")
                    .isNull();
            assertThat(cache.read(7)).as("read(7) should return the database's row").contains(database.find(7).orElseThrow());
            assertThat(own.oomErrors())
                    .as("the server should have refused the cache writes (INFO errorstats errorstat_OOM): did"
                            + " read() try to cache the row?")
                    .isPositive();
        }

        @Test
        @DisplayName("under noeviction an update is saved and the next read is not the old cached copy")
        void updateDegradesOnOom() {
            ProfileCache cache = new ProfileCache(own.client(), database, TTL);
            String old = cache.read(1).orElseThrow();
            assertThat(own.client().get(ProfileCache.key(1))).as("read(1) should have cached the profile")
                    .isEqualTo(old);
            storeSessions();
            own.makeFull();

            Throwable thrown = catchThrowable(() -> cache.update(1, "renamed"));
            assertThat(Todo.surfacing(thrown))
                    .as("update() threw while Redis was full: the user's change must be saved and the request"
                            + " succeed. Save to the database first, and treat an OOM from Redis as a cache problem")
                    .isNull();
            assertThat(database.find(1)).as("the database must hold the update").contains("renamed");
            assertThat(cache.read(1))
                    .as("read(1) after the update served the old copy: the SET was refused (OOM), so the old entry"
                            + " stayed. DEL it (DEL is allowed when memory is full, it frees memory)")
                    .contains("renamed");
        }

        @Test
        @DisplayName("under volatile-lru cached profiles are evicted and sessions without a TTL all stay")
        void volatileLruKeepsSessions() {
            ProfileCache cache = new ProfileCache(own.client(), database, TTL);
            storeSessions();
            own.limit(EvictionPolicy.VOLATILE_LRU, CACHE_HEADROOM);
            own.resetStats();

            for (long id = 1; id <= PROFILES; id++) {
                assertThat(cache.read(id)).as("read(%d)", id).isPresent();
            }

            assertThat(own.oomErrors())
                    .as("writes were refused (OOM) under volatile-lru: the cached profiles have no TTL, so nothing"
                            + " could be evicted. Cache with SET ... PX ttl")
                    .isZero();
            assertThat(own.stat("evicted_keys")).as("150 profiles of 2 KB do not fit in 150 KB: evicted_keys")
                    .isPositive();
            List<Integer> lostSessions = IntStream.range(0, 50)
                    .filter(i -> !own.client().exists("session:" + i)).boxed().toList();
            assertThat(lostSessions).as("sessions (no TTL) must never be evicted under volatile-lru").isEmpty();
            List<Long> ttls = LongStream.rangeClosed(1, PROFILES).mapToObj(id -> own.client().pttl(ProfileCache.key(id)))
                    .filter(pttl -> pttl != -2).toList(); // -2: evicted
            assertThat(ttls).as("PTTL of the cached profiles that are left: expected the 10-minute TTL on each, -1"
                    + " means none").isNotEmpty().allSatisfy(pttl -> assertThat(pttl).isBetween(1L, TTL.toMillis()));
        }

        @Test
        @DisplayName("under allkeys-lru the same reads evict sessions too: that policy cannot protect them")
        void allkeysLruEvictsSessions() {
            ProfileCache cache = new ProfileCache(own.client(), database, TTL);
            storeSessions();
            own.limit(EvictionPolicy.ALLKEYS_LRU, CACHE_HEADROOM);

            for (long id = 1; id <= PROFILES; id++) {
                cache.read(id);
            }

            long sessionsLeft = IntStream.range(0, 50).filter(i -> own.client().exists("session:" + i)).count();
            assertThat(sessionsLeft)
                    .as("allkeys-lru evicts the least recently used keys, and the sessions were used least"
                            + " recently: some should be gone. This is why data that must stay needs volatile-*"
                            + " (and keys without TTL) or a Redis of its own with noeviction")
                    .isLessThan(50);
        }

        @Test
        @DisplayName("a TTL of zero or below is refused")
        void refusesBadTtl() {
            for (Duration ttl : List.of(Duration.ZERO, Duration.ofSeconds(-5))) {
                assertThat(Todo.surfacing(catchThrowable(() -> new ProfileCache(own.client(), database, ttl))))
                        .as("new ProfileCache(..., %s): SET ... PX refuses it at the first write; refuse it up front"
                                + " with IllegalArgumentException", ttl)
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Nested
    @Task(6)
    @DisplayName("Task 6: find big and hot keys, and split a big one, without blocking the server")
    class Task6_BigAndHotKeys {

        @Test
        @DisplayName("biggest() finds the three big keys among 500 small ones with SCAN, never KEYS")
        void biggestWithScan(RedisClient redis, RedisStats stats) {
            try (Pipeline pipeline = redis.pipelined()) {
                for (int i = 0; i < 500; i++) {
                    pipeline.set("small:" + i, "v" + i);
                }
                for (int i = 0; i < 3_000; i++) {
                    pipeline.rpush("timeline:big", "event " + i);
                    pipeline.hset("profile:big", "field" + i, "value " + i);
                }
                pipeline.set("blob:big", "b".repeat(40_000));
            }
            stats.reset();

            List<KeySize> biggest = new KeyspaceAudit(redis).biggest(3);

            List<KeySize> expected = new ArrayList<>();
            for (String key : List.of("profile:big", "timeline:big", "blob:big")) {
                expected.add(new KeySize(key, redis.memoryUsage(key, 0)));
            }
            expected.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
            assertThat(biggest)
                    .as("the three big keys, biggest first, each with MEMORY USAGE key SAMPLES 0. A key missing:"
                            + " did the SCAN stop before the cursor came back as 0?")
                    .containsExactlyElementsOf(expected);
            assertThat(stats.calls("keys")).as("KEYS blocks the server while it walks every key: use SCAN")
                    .isZero();
        }

        @Test
        @DisplayName("under allkeys-lfu, hottest() ranks keys by OBJECT FREQ")
        void hottestUnderLfu(RestartableRedis server) {
            own = new OwnRedis(server);
            RedisClient redis = own.client();
            redis.configSet("maxmemory-policy", "allkeys-lfu");
            try (Pipeline pipeline = redis.pipelined()) {
                for (int i = 0; i < 30; i++) {
                    pipeline.set("cold:" + i, "c");
                }
                pipeline.set("hot", "h");
                pipeline.set("warm", "w");
                for (int i = 0; i < 3_000; i++) {
                    pipeline.get("hot");
                }
                for (int i = 0; i < 300; i++) {
                    pipeline.get("warm");
                }
            }

            List<KeyHeat> hottest = new KeyspaceAudit(redis).hottest(2);

            assertThat(hottest)
                    .as("read 3000 and 300 times, 'hot' and 'warm' should lead, each with its OBJECT FREQ")
                    .containsExactly(new KeyHeat("hot", redis.objectFreq("hot")),
                            new KeyHeat("warm", redis.objectFreq("warm")));
        }

        @Test
        @DisplayName("hottest() on a server without an LFU policy fails with a message that says so")
        void hottestNeedsLfu(RedisClient redis) {
            redis.set("k", "v");

            Throwable thrown = Todo.surfacing(catchThrowable(() -> new KeyspaceAudit(redis).hottest(1)));

            assertThat(thrown)
                    .as("this server runs maxmemory-policy noeviction, where OBJECT FREQ is an error: expected an"
                            + " IllegalStateException naming the LFU policies, not Redis's ERR")
                    .isInstanceOf(IllegalStateException.class);
            assertThat(thrown.getMessage()).as("the message should say which policy is needed").contains("lfu");
        }

        @Test
        @DisplayName("split() moves a 4000-field hash into compact parts with HSCAN, then UNLINKs it")
        void splitBigHash(RedisClient redis, RedisStats stats, RedisServerInfo server) {
            Map<String, String> fields = new HashMap<>();
            IntStream.range(0, 4_000).forEach(i -> fields.put("item:" + i, "qty " + i));
            redis.hset("cart:big", fields);
            stats.reset();

            List<String> parts = new KeyspaceAudit(redis).split("cart:big", 10);
            long hgetall = stats.calls("hgetall");
            long unlink = stats.calls("unlink");
            long del = stats.calls("del");

            Map<String, String> moved = new HashMap<>();
            String compact = server.version().isAtLeast(7, 0) ? "listpack" : "ziplist";
            for (String part : parts) {
                moved.putAll(redis.hgetAll(part));
                assertThat(redis.objectEncoding(part))
                        .as("each of 10 parts holds about 400 fields, under the 512 limit: OBJECT ENCODING %s"
                                + " should be %s on Redis %s", part, compact, server.version())
                        .isEqualTo(compact);
            }
            assertThat(parts).as("the parts are cart:big:0 .. cart:big:9").hasSize(10).contains("cart:big:0");
            for (int p = 0; p < parts.size(); p++) {
                int index = p;
                assertThat(redis.hkeys("cart:big:" + p))
                        .as("fields in cart:big:%d: field f belongs in part Math.floorMod(f.hashCode(), parts), or a"
                                + " reader cannot find it (Math.abs(f.hashCode() %% parts) puts negative hash codes"
                                + " elsewhere)", p)
                        .allMatch(field -> Math.floorMod(field.hashCode(), 10) == index);
            }
            assertThat(moved).as("every field with its value, in one of the parts").isEqualTo(fields);
            assertThat(redis.exists("cart:big")).as("the big hash should be gone").isFalse();
            assertThat(hgetall)
                    .as("HGETALL on the big hash is one long command every other client waits for: use HSCAN")
                    .isZero();
            assertThat(unlink)
                    .as("remove the big hash with UNLINK (freed in the background), not DEL (freed in the command)")
                    .isEqualTo(1);
            assertThat(del).as("DEL frees a big value inside the command: use UNLINK").isZero();
        }

        @Test
        @DisplayName("split() refuses fewer than 2 parts and a key that is not a hash")
        void splitBadInput(RedisClient redis) {
            redis.set("greeting", "hello");
            redis.hset("h", "f", "v");
            KeyspaceAudit audit = new KeyspaceAudit(redis);

            assertThat(Todo.surfacing(catchThrowable(() -> audit.split("h", 1))))
                    .as("split into 1 part is no split: expected IllegalArgumentException")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(Todo.surfacing(catchThrowable(() -> audit.split("greeting", 4))))
                    .as("'greeting' is a string, not a hash: expected IllegalArgumentException")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(redis.get("greeting")).as("a refused split must leave the key alone").isEqualTo("hello");
        }
    }
}

package learn.redis.eviction;

import redis.clients.jedis.UnifiedJedis;

/**
 * Task 3: replays a workload as a cache-aside reader would (GET; on a miss, SET), on a server configured with a
 * given policy and {@code maxmemory}, and reports what the server counted. Only for a server of its own: it
 * empties the database and rewrites the memory settings.
 */
public final class CacheBench {

    private final UnifiedJedis redis;
    private final String value;

    public CacheBench(UnifiedJedis redis, int valueBytes) {
        if (valueBytes < 1) {
            throw new IllegalArgumentException("valueBytes must be at least 1, was " + valueBytes);
        }
        this.redis = redis;
        this.value = "v".repeat(valueBytes);
    }

    public RunResult replay(EvictionPolicy policy, long maxmemory, int[] workload) {
        // TODO Task 3: start cold, set the policy and maxmemory, zero the server's counters, replay the workload
        //  (key "bench:" + number; a miss is followed by a SET of `value`), and report what INFO stats counted.
        throw new UnsupportedOperationException(
                "TODO Task 3: implement CacheBench.replay (docs/11-memory-and-eviction.md, Task 3)");
    }
}

package learn.redis.eviction;

import java.util.Map;
import java.util.stream.Collectors;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

/**
 * Task 3: replays a workload as a cache-aside reader would (GET; on a miss, SET), on a server configured with a
 * given policy and {@code maxmemory}, and reports what the server counted. Only for a server of its own: it
 * empties the database and rewrites the memory settings.
 */
public final class CacheBench {

    /** Long enough never to expire during a run: it only makes the entries candidates for volatile-* policies. */
    private static final long TTL_MILLIS = 3_600_000;

    private final UnifiedJedis redis;
    private final String value;

    public CacheBench(UnifiedJedis redis, int valueBytes) {
        if (valueBytes < 1) {
            throw new IllegalArgumentException("valueBytes must be at least 1, was " + valueBytes);
        }
        this.redis = redis;
        this.value = "v".repeat(valueBytes);
    }

    // tag::replay[]
    public RunResult replay(EvictionPolicy policy, long maxmemory, int[] workload) {
        if (policy == null || maxmemory < 1 || workload == null || workload.length == 0) {
            throw new IllegalArgumentException("need a policy, a maxmemory of at least 1 byte and a workload");
        }
        redis.flushDB(); // a cold cache: every run starts from the same state
        // One parameter per CONFIG SET: Redis 6.2 takes one; several at once came with Redis 7.0.
        redis.configSet("maxmemory-policy", policy.configName());
        redis.configSet("maxmemory", Long.toString(maxmemory));
        // Zeroes keyspace_hits, keyspace_misses and evicted_keys: the counts are this run's alone.
        redis.executeCommand(new CommandObject<>(
                new CommandArguments(Protocol.Command.CONFIG).add(Protocol.Keyword.RESETSTAT), BuilderFactory.STRING));
        long refused = 0;
        for (int key : workload) {
            String name = "bench:" + key;
            if (redis.get(name) == null) {
                try {
                    // With a TTL, volatile-* policies may evict the entry too; without one they could evict nothing.
                    redis.set(name, value, SetParams.setParams().px(TTL_MILLIS));
                } catch (JedisDataException e) {
                    if (!e.getMessage().startsWith("OOM")) {
                        throw e;
                    }
                    refused++; // a cache that cannot store: the next read of this key misses again
                }
            }
        }
        Map<String, Long> stats = stats();
        return new RunResult(policy, maxmemory, stats.get("keyspace_hits"), stats.get("keyspace_misses"),
                stats.get("evicted_keys"), refused);
    }
    // end::replay[]

    private Map<String, Long> stats() {
        return redis.info("stats").lines()
                .filter(line -> line.startsWith("keyspace_") || line.startsWith("evicted_keys:"))
                .map(line -> line.split(":", 2))
                .collect(Collectors.toMap(field -> field[0], field -> Long.parseLong(field[1].trim())));
    }
}

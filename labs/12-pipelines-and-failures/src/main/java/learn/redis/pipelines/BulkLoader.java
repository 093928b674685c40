package learn.redis.pipelines;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.RedisClient;

/** Loads and reads many keys in a few round trips: Jedis pipelines, sent in batches of {@code batchSize}. */
public class BulkLoader {

    private final RedisClient redis;
    private final int batchSize;

    public BulkLoader(RedisClient redis, int batchSize) {
        // TODO Task 1: refuse a batch size below 1 (IllegalArgumentException).
        this.redis = redis;
        this.batchSize = batchSize;
    }

    /**
     * Stores every entry with the TTL (at least 1 ms, else IllegalArgumentException), batchSize SETs per round trip.
     * Returns how many entries it sent.
     */
    public int load(Map<String, String> entries, Duration ttl) {
        // TODO Task 1: one pipeline; SET key value PX ttl for each entry; sync() whenever a batch is full, and at the end.
        throw new UnsupportedOperationException("TODO Task 1: load the entries through a pipeline (docs/12-pipelines-and-failures.md, Task 1)");
    }

    /** The values of those keys that exist (a missing key has no entry), batchSize GETs per round trip. */
    public Map<String, String> readAll(List<String> keys) {
        // TODO Task 1: GET in a pipeline, batch by batch; read each Response after sync().
        throw new UnsupportedOperationException("TODO Task 1: read the keys through a pipeline (docs/12-pipelines-and-failures.md, Task 1)");
    }
}

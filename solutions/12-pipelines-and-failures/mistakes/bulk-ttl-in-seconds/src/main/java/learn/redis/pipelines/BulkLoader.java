package learn.redis.pipelines;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.SetParams;

/** Loads and reads many keys in a few round trips: Jedis pipelines, sent in batches of {@code batchSize}. */
public class BulkLoader {

    private final RedisClient redis;
    private final int batchSize;

    public BulkLoader(RedisClient redis, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("a batch holds at least one command, got " + batchSize);
        }
        this.redis = redis;
        this.batchSize = batchSize;
    }

    // tag::load[]
    public int load(Map<String, String> entries, Duration ttl) {
        SetParams expiring = SetParams.setParams().ex(Math.max(1, Ttl.millis(ttl) / 1000));
        int sent = 0;
        // A pipeline holds one pooled connection until it is closed: try-with-resources gives it back.
        try (Pipeline pipeline = redis.pipelined()) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                pipeline.set(entry.getKey(), entry.getValue(), expiring);
                // sync() sends what is buffered and reads every reply: one round trip per batch. Without it the
                // replies of all entries would pile up in memory, on the client and in Redis's output buffer.
                if (++sent % batchSize == 0) {
                    pipeline.sync();
                }
            }
            pipeline.sync();
        }
        return sent;
    }
    // end::load[]

    public Map<String, String> readAll(List<String> keys) {
        Map<String, String> found = new LinkedHashMap<>();
        try (Pipeline pipeline = redis.pipelined()) {
            for (int from = 0; from < keys.size(); from += batchSize) {
                List<String> batch = keys.subList(from, Math.min(keys.size(), from + batchSize));
                List<Response<String>> replies = new ArrayList<>(batch.size());
                batch.forEach(key -> replies.add(pipeline.get(key)));
                pipeline.sync();
                // A Response is only readable after sync(); a missing key answers null and is left out.
                for (int i = 0; i < batch.size(); i++) {
                    String value = replies.get(i).get();
                    if (value != null) {
                        found.put(batch.get(i), value);
                    }
                }
            }
        }
        return found;
    }
}

package learn.redis.eviction;

import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/** Task 1: what a key costs, and what the whole server uses, as the server itself counts it. */
public final class MemoryInspector {

    private final UnifiedJedis redis;

    public MemoryInspector(UnifiedJedis redis) {
        this.redis = redis;
    }

    // tag::inspect[]
    /** Type, encoding and exact size of {@code key}; empty if the key does not exist. */
    public Optional<EntryReport> inspect(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must not be null or empty");
        }
        // SAMPLES 0 counts every element of a hash, list, set or zset. The default (5) measures five of them and
        // multiplies: cheap on a huge key, and wrong by any factor when elements differ in size.
        Long bytes = redis.memoryUsage(key, 0);
        if (bytes == null) {
            return Optional.empty(); // MEMORY USAGE answers nil for a key that does not exist
        }
        return Optional.of(new EntryReport(key, redis.type(key), redis.objectEncoding(key), bytes));
    }
    // end::inspect[]

    /** {@code used_memory} from {@code INFO memory}: every byte the allocator handed to the server. */
    public long usedMemory() {
        // used_memory_human, used_memory_rss and used_memory_peak sit next to it: match the whole field name.
        return redis.info("memory").lines()
                .filter(line -> line.startsWith("used_memory_rss:"))
                .map(line -> Long.parseLong(line.substring("used_memory_rss:".length()).trim()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("INFO memory has no used_memory field"));
    }
}

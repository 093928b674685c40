package learn.redis.eviction;

import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/** Task 1: what a key costs, and what the whole server uses, as the server itself counts it. */
public final class MemoryInspector {

    private final UnifiedJedis redis;

    public MemoryInspector(UnifiedJedis redis) {
        this.redis = redis;
    }

    /** Type, encoding and exact size of {@code key}; empty if the key does not exist. */
    public Optional<EntryReport> inspect(String key) {
        // TODO Task 1: refuse a null or empty key; ask MEMORY USAGE (exactly, not from a sample), TYPE and
        //  OBJECT ENCODING; a key that does not exist has no report.
        throw new UnsupportedOperationException(
                "TODO Task 1: implement MemoryInspector.inspect (docs/11-memory-and-eviction.md, Task 1)");
    }

    /** {@code used_memory} from {@code INFO memory}: every byte the allocator handed to the server. */
    public long usedMemory() {
        // TODO Task 1: read used_memory from INFO memory.
        throw new UnsupportedOperationException(
                "TODO Task 1: implement MemoryInspector.usedMemory (docs/11-memory-and-eviction.md, Task 1)");
    }
}

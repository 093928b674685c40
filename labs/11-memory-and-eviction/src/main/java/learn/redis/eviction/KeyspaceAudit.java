package learn.redis.eviction;

import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/** Task 6: find big and hot keys and defuse a big one, without blocking the server on the way. */
public final class KeyspaceAudit {

    private final UnifiedJedis redis;

    public KeyspaceAudit(UnifiedJedis redis) {
        this.redis = redis;
    }

    /** The {@code n} keys that cost the most memory, biggest first. */
    public List<KeySize> biggest(int n) {
        // TODO Task 6: walk every key a page at a time and measure each one exactly.
        throw new UnsupportedOperationException(
                "TODO Task 6: implement KeyspaceAudit.biggest (docs/11-memory-and-eviction.md, Task 6)");
    }

    /** The {@code n} keys read or written most often lately, hottest first; needs an LFU policy. */
    public List<KeyHeat> hottest(int n) {
        // TODO Task 6: check the policy first, then rank the keys by their access frequency counter.
        throw new UnsupportedOperationException(
                "TODO Task 6: implement KeyspaceAudit.hottest (docs/11-memory-and-eviction.md, Task 6)");
    }

    /**
     * Moves the fields of the hash {@code key} into {@code parts} smaller hashes {@code key:0 .. key:(parts-1)}
     * (a field goes to part {@code Math.floorMod(hashCode, parts)}), then removes {@code key}. Returns the parts written.
     */
    public List<String> split(String key, int parts) {
        // TODO Task 6: refuse bad input; copy the fields a page at a time; remove the big key without blocking.
        throw new UnsupportedOperationException(
                "TODO Task 6: implement KeyspaceAudit.split (docs/11-memory-and-eviction.md, Task 6)");
    }
}

package learn.redis.sets;

import java.util.Set;
import redis.clients.jedis.RedisClient;

/**
 * Reads the members of a large set in pages with {@code SSCAN}, so that no single command holds the server for long
 * (Redis runs one command at a time: an {@code SMEMBERS} of a million members stalls every other client meanwhile).
 */
public class SetScanner {

    private final RedisClient redis;
    private final int pageSize;

    /**
     * @param pageSize the {@code COUNT} hint of each {@code SSCAN} call
     * @throws IllegalArgumentException if {@code pageSize} is not positive
     */
    public SetScanner(RedisClient redis, int pageSize) {
        // TODO Task 5: refuse a page size below 1
        this.redis = redis;
        this.pageSize = pageSize;
    }

    /** Every member of the set at {@code key} that matches the glob {@code pattern} (e.g. {@code "admin:*"}). */
    public Set<String> membersMatching(String key, String pattern) {
        // TODO Task 5: SSCAN with MATCH and COUNT, following the cursor until it comes back as "0"
        throw new UnsupportedOperationException("TODO Task 5: walk the set with SSCAN (docs/04-sets.md, Task 5)");
    }
}

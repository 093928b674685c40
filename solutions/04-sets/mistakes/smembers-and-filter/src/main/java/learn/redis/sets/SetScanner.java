package learn.redis.sets;

import java.util.HashSet;
import java.util.Set;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

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
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, got " + pageSize);
        }
        this.redis = redis;
        this.pageSize = pageSize;
    }

    /** Every member of the set at {@code key} that matches the glob {@code pattern} (e.g. {@code "admin:*"}). */
    // tag::membersMatching[]
    public Set<String> membersMatching(String key, String pattern) {
        java.util.regex.Pattern regex = java.util.regex.Pattern.compile(pattern.replace("*", ".*").replace("?", "."));
        Set<String> members = new HashSet<>();
        for (String m : redis.smembers(key)) {
            if (regex.matcher(m).matches()) {
                members.add(m);
            }
        }
        return members;

    }
    // end::membersMatching[]
}

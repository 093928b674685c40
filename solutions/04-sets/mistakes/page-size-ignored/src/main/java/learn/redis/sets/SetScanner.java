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
        ScanParams params = new ScanParams().match(pattern);

        // A Set: SSCAN may return a member twice (when the set is resized mid-walk); each is kept once.
        Set<String> members = new HashSet<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.sscan(key, cursor, params);
            // MATCH filters AFTER a page is taken, so a page can be empty while the walk is far from over. Only the
            // cursor coming back to "0" says the walk is complete.
            members.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return members;
    }
    // end::membersMatching[]
}

package learn.redis.hashes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * When each user was last seen, as one hash {@code last-seen}: field = user id, value = epoch milliseconds. It
 * holds every user, so it can grow to millions of fields.
 */
public final class LastSeenIndex {

    private static final String KEY = "last-seen";
    // Fields per HSCAN call: small enough that one call never holds the server up for long.
    private static final int PAGE_SIZE = 200;

    private final RedisClient redis;

    public LastSeenIndex(RedisClient redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    /** Records that the user was seen at {@code at}. */
    public void touch(String userId, Instant at) {
        redis.hset(KEY, userId, Long.toString(at.getEpochSecond() * 1000));

    }

    /** The users last seen before {@code cutoff}, sorted by id. */
    // tag::idleSince[]
    public List<String> idleSince(Instant cutoff) {
        long cutoffMillis = cutoff.toEpochMilli();
        List<String> idle = new ArrayList<>();
        ScanParams page = new ScanParams().count(PAGE_SIZE);
        // HGETALL on a huge hash blocks every other client until the whole reply is built; HSCAN takes a page
        // per call. The walk ends when the server hands back cursor "0", not when a page comes back empty.
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<Map.Entry<String, String>> result = redis.hscan(KEY, cursor, page);
            for (Map.Entry<String, String> entry : result.getResult()) {
                if (Long.parseLong(entry.getValue()) < cutoffMillis) {
                    idle.add(entry.getKey());
                }
            }
            cursor = result.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        // HSCAN may return a field twice (when the hash is rehashed during the walk): dedupe before sorting.
        return idle.stream().distinct().sorted().toList();
    }
    // end::idleSince[]
}

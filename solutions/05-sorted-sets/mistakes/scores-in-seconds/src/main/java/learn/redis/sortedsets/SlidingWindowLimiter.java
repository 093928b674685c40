package learn.redis.sortedsets;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import redis.clients.jedis.RedisClient;

/**
 * At most {@code limit} accepted requests per client in any {@code window}, however the requests fall: each
 * client's accepted requests live in a sorted set ({@link SortedSetKeys#rateLimit}) with their time as score, and
 * the ones older than the window are dropped before counting. Refused requests are not recorded, so a client that
 * keeps knocking while refused is let in again as soon as its old requests age out.
 */
public class SlidingWindowLimiter {

    // tag::script[]
    /**
     * Drop what left the window, count, and record the request only if it fits: one script, so no other request
     * runs between the count and the add. A refused request writes nothing: adding it first and removing it again
     * would let other clients count it in between. Every accepted request pushes the expiry a whole window out, so
     * the key outlives its newest entry. KEYS[1] the client's set; ARGV: now, oldest score to drop, limit,
     * request id, window in ms.
     */
    private static final String ACQUIRE = """
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
              return 0
            end
            redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            return 1
            """;
    // end::script[]

    private final RedisClient redis;
    private final Clock clock;
    private final int limit;
    private final Duration window;

    /**
     * @throws IllegalArgumentException if {@code limit} is below 1 or {@code window} is not at least 1 ms
     */
    public SlidingWindowLimiter(RedisClient redis, Clock clock, int limit, Duration window) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        if (window == null || window.toMillis() < 1) {
            throw new IllegalArgumentException("window must be at least 1 ms, got " + window);
        }
        this.redis = redis;
        this.clock = clock;
        this.limit = limit;
        this.window = window;
    }

    /** Whether the client may make a request now; an accepted request counts against its window. */
    public boolean tryAcquire(String clientId) {
        long now = clock.millis() / 1000;
        // A request at exactly now - window has left the window: ZREMRANGEBYSCORE's bounds are inclusive.
        long oldestToDrop = now - window.toSeconds();

        // The member must be unique: with the timestamp alone, two requests in the same millisecond are ONE member
        // and the second is never counted.
        String requestId = now + ":" + UUID.randomUUID();
        Object accepted = redis.eval(ACQUIRE, List.of(SortedSetKeys.rateLimit(clientId)),
                List.of(Long.toString(now), Long.toString(oldestToDrop), Integer.toString(limit), requestId,
                        Long.toString(window.toMillis())));
        return Long.valueOf(1).equals(accepted);
    }
}

package learn.redis.sortedsets;

import java.time.Clock;
import java.time.Duration;
import redis.clients.jedis.RedisClient;

/**
 * At most {@code limit} accepted requests per client in any {@code window}, however the requests fall: each
 * client's accepted requests live in a sorted set ({@link SortedSetKeys#rateLimit}) with their time as score, and
 * the ones older than the window are dropped before counting. Refused requests are not recorded, so a client that
 * keeps knocking while refused is let in again as soon as its old requests age out.
 */
public class SlidingWindowLimiter {

    private final RedisClient redis;
    private final Clock clock;
    private final int limit;
    private final Duration window;

    /**
     * @throws IllegalArgumentException if {@code limit} is below 1 or {@code window} is not at least 1 ms
     */
    public SlidingWindowLimiter(RedisClient redis, Clock clock, int limit, Duration window) {
        // TODO Task 3: refuse a limit below 1 and a window shorter than 1 ms
        this.redis = redis;
        this.clock = clock;
        this.limit = limit;
        this.window = window;
    }

    /** Whether the client may make a request now; an accepted request counts against its window. */
    public boolean tryAcquire(String clientId) {
        // TODO Task 3: in ONE atomic step (a Lua script, or WATCH + MULTI/EXEC with a retry): drop entries older than
        //  the window, count, and only if there is room add a unique member and expire the key one window later
        throw new UnsupportedOperationException(
                "TODO Task 3: a sliding-window check in one atomic step (docs/05-sorted-sets.md, Task 3)");
    }
}

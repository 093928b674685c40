package learn.redis.strings;

import java.time.Clock;
import java.time.Duration;
import redis.clients.jedis.RedisClient;

/** At most {@code limit} requests per client in each fixed window of time (e.g. 100 per minute). */
public class FixedWindowRateLimiter {

    private final RedisClient redis;
    private final int limit;
    private final Duration window;
    private final Clock clock;

    public FixedWindowRateLimiter(RedisClient redis, int limit, Duration window, Clock clock) {
        this.redis = redis;
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** True if {@code clientId} may make one more request in the current window (and counts it). */
    public boolean tryAcquire(String clientId) {
        // TODO Task 5: count the request in this window's counter, which must always expire. Use the clock.
        throw new UnsupportedOperationException(
                "TODO Task 5: implement FixedWindowRateLimiter.tryAcquire (docs/01-strings.md, Task 5)");
    }
}

package learn.redis.strings;

import java.time.Clock;
import java.time.Duration;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.SetParams;

/** At most {@code limit} requests per client in each fixed window of time (e.g. 100 per minute). */
public class FixedWindowRateLimiter {

    private final RedisClient redis;
    private final int limit;
    private final Duration window;
    private final Clock clock;

    public FixedWindowRateLimiter(RedisClient redis, int limit, Duration window, Clock clock) {
        if (limit < 1 || window.toMillis() < 1) {
            throw new IllegalArgumentException("limit and window must be positive, got " + limit + " per " + window);
        }
        this.redis = redis;
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    // tag::try-acquire[]
    public boolean tryAcquire(String clientId) {
        // One counter per client and window: the window's number is part of the key, so a new window
        // starts from zero without anyone resetting anything.
        long windowNumber = clock.millis() / window.toMillis();
        String key = "rate:" + clientId + ":" + windowNumber;

        // MULTI/EXEC runs both commands as one atomic step: nothing runs between them. The classic INCR, then
        // "if the count is 1, EXPIRE" leaves a counter that never expires (and a client locked out
        // for good) whenever the process dies between the two. SET NX PX creates the counter with its
        // TTL only once; INCR leaves the TTL alone.
        try (AbstractTransaction tx = redis.multi()) {
            tx.set(key, "0", SetParams.setParams().nx().px(window.toMillis()));
            Response<Long> count = tx.incr(key);
            tx.exec();
            return count.get() < limit;

        }
    }
    // end::try-acquire[]
}

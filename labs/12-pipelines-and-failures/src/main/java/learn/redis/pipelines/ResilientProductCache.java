package learn.redis.pipelines;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.timelimiter.TimeLimiter;
import java.util.Optional;
import redis.clients.jedis.RedisClient;

/**
 * Products read through Redis that keeps answering when Redis is slow or gone: every Redis call is bounded in time,
 * idempotent reads are retried with backoff and jitter, a circuit breaker stops calling a dead Redis, and the
 * database answers whatever Redis cannot. Page views are counted in Redis, or in the database when Redis fails.
 */
public class ResilientProductCache implements AutoCloseable {

    private final RedisClient redis;
    private final ProductDatabase database;
    private final ResilienceSettings settings;

    public ResilientProductCache(RedisClient redis, ProductDatabase database, ResilienceSettings settings) {
        this.redis = redis;
        this.database = database;
        this.settings = settings;
        // TODO Task 5: a Retry and a TimeLimiter from the settings. TODO Task 6: a CircuitBreaker.
    }

    public static String key(long id) {
        return "product:" + id;
    }

    public static String viewsKey(long id) {
        return "views:" + id;
    }

    /** The product: from Redis (product:ID) if cached, else from the database (and then cached); never throws. */
    public Optional<Product> find(long id) {
        // TODO Task 5: GET product:ID, retried, within the time budget; on any failure, the database.
        // TODO Task 6: the GET goes through the circuit breaker too.
        throw new UnsupportedOperationException("TODO Task 5: read with a budget, retries and a fallback"
                + " (docs/12-pipelines-and-failures.md, Task 5)");
    }

    /** Counts a page view: INCR views:ID, or in the database when Redis fails. Never throws, never counts twice. */
    public void recordView(long id) {
        // TODO Task 5: INCR once, never retried; if it fails, database.addViews(id, 1).
        throw new UnsupportedOperationException("TODO Task 5: count the view, or let the database count it"
                + " (docs/12-pipelines-and-failures.md, Task 5)");
    }

    public CircuitBreaker circuitBreaker() {
        throw new UnsupportedOperationException("TODO Task 6: build the circuit breaker (docs/12-pipelines-and-failures.md, Task 6)");
    }

    public Retry retry() {
        throw new UnsupportedOperationException("TODO Task 5: build the retry (docs/12-pipelines-and-failures.md, Task 5)");
    }

    public TimeLimiter timeLimiter() {
        throw new UnsupportedOperationException("TODO Task 5: build the time limiter (docs/12-pipelines-and-failures.md, Task 5)");
    }

    @Override
    public void close() {
        // TODO Task 5: stop the threads the time limiter's calls run on.
    }
}

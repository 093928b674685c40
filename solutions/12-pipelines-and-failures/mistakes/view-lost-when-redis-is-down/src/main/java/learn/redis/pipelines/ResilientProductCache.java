package learn.redis.pipelines;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * Products read through Redis that keeps answering when Redis is slow or gone: every Redis call is bounded in time,
 * idempotent reads are retried with backoff and jitter, a circuit breaker stops calling a dead Redis, and the
 * database answers whatever Redis cannot. Page views are counted in Redis, or in the database when Redis fails.
 */
public class ResilientProductCache implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ResilientProductCache.class.getName());

    private final RedisClient redis;
    private final ProductDatabase database;
    private final ResilienceSettings settings;
    private final CircuitBreaker circuitBreaker;
    private final Retry retry;
    private final TimeLimiter timeLimiter;
    /** Runs the Redis reads the time limiter waits for. Daemon threads: a stuck read never keeps the JVM alive. */
    private final ExecutorService redisCalls = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "redis-call");
        thread.setDaemon(true);
        return thread;
    });

    public ResilientProductCache(RedisClient redis, ProductDatabase database, ResilienceSettings settings) {
        this.redis = redis;
        this.database = database;
        this.settings = settings;
        // tag::breaker[]
        circuitBreaker = CircuitBreaker.of("redis", CircuitBreakerConfig.custom()
                // Judge the last minimumCalls calls; open when half of them failed.
                .slidingWindow(settings.minimumCalls(), settings.minimumCalls(), SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(50)
                // Only Redis trouble counts: connection refused, timeouts, an exhausted pool (all JedisExceptions).
                .recordExceptions(JedisException.class)
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(settings.halfOpenProbes())
                .clock(settings.clock())
                .build());
        // end::breaker[]
        // tag::retry[]
        retry = Retry.of("redis-read", RetryConfig.custom()
                .maxAttempts(settings.attempts())
                // 20 ms, 40 ms, 80 ms ... each +-50 %: clients that failed together do not retry together.
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(settings.firstBackoff(), 2.0, 0.5))
                // Retry what may succeed on a second try. An open breaker is an answer, not a hiccup: no retry.
                .retryExceptions(JedisException.class)
                .build());
        timeLimiter = TimeLimiter.of(TimeLimiterConfig.custom()
                .timeoutDuration(settings.budget())
                .cancelRunningFuture(true)
                .build());
        // end::retry[]
    }

    public static String key(long id) {
        return "product:" + id;
    }

    public static String viewsKey(long id) {
        return "views:" + id;
    }

    // tag::find[]
    public Optional<Product> find(long id) {
        String cached;
        try {
            cached = withinBudget(() -> redis.get(key(id)));
        } catch (Exception redisUnavailable) {
            // Slow, down, or the breaker is open: the database has the answer. Nothing is written to Redis now.
            LOG.log(Level.DEBUG, "Redis unavailable, product {0} from the database: {1}", id, redisUnavailable);
            return database.findById(id);
        }
        if (cached != null) {
            return Optional.of(Product.fromCacheValue(cached));
        }
        Optional<Product> loaded = database.findById(id);
        loaded.ifPresent(this::store);
        return loaded;
    }

    /** Runs an idempotent read: breaker inside retry (each attempt counts), the whole within the time budget. */
    private <T> T withinBudget(Supplier<T> read) throws Exception {
        Supplier<T> guarded = CircuitBreaker.decorateSupplier(circuitBreaker, read);
        Supplier<T> retried = Retry.decorateSupplier(retry, guarded);
        return timeLimiter.executeFutureSupplier(() -> CompletableFuture.supplyAsync(retried, redisCalls));
    }
    // end::find[]

    private void store(Product product) {
        try {
            circuitBreaker.executeRunnable(() -> redis.set(key(product.id()), product.toCacheValue(),
                    SetParams.setParams().px(settings.ttl().toMillis())));
        } catch (RuntimeException redisUnavailable) {
            // Not caching is always safe: the next read loads again.
            LOG.log(Level.DEBUG, "product {0} not cached: {1}", product.id(), redisUnavailable);
        }
    }

    // tag::recordView[]
    public void recordView(long id) {
        try {
            // INCR is not idempotent: if a timed-out INCR did reach Redis, a retry would count the view twice.
            // One attempt, guarded by the breaker (bounded by the socket timeout), and no retry.
            circuitBreaker.executeRunnable(() -> redis.incr(viewsKey(id)));
        } catch (RuntimeException redisUnavailable) {
            LOG.log(Level.DEBUG, "view not counted");
        }
    }
    // end::recordView[]

    public CircuitBreaker circuitBreaker() {
        return circuitBreaker;
    }

    public Retry retry() {
        return retry;
    }

    public TimeLimiter timeLimiter() {
        return timeLimiter;
    }

    @Override
    public void close() {
        redisCalls.shutdownNow();
    }
}

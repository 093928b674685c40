package learn.redis.pipelines;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link ResilientProductCache} protects itself from a slow or dead Redis.
 *
 * @param ttl            how long a cached product lives
 * @param budget         the longest a read may wait for Redis, all attempts and backoffs included (time limiter)
 * @param attempts       how often an idempotent read is tried in all (retry: 3 means the first try and 2 retries)
 * @param firstBackoff   the mean wait before the first retry; each later wait doubles it, jittered by 50 %
 * @param minimumCalls   how many Redis calls the circuit breaker looks at (its window) before it may open
 * @param openFor        how long the breaker stays open before it lets probes through (half-open)
 * @param halfOpenProbes how many probe calls, all successful, close the breaker again
 * @param clock          the breaker's clock: tests move it instead of waiting {@code openFor}
 */
public record ResilienceSettings(Duration ttl, Duration budget, int attempts, Duration firstBackoff, int minimumCalls,
        Duration openFor, int halfOpenProbes, Clock clock) {

    public ResilienceSettings {
        requirePositive(ttl, "ttl");
        requirePositive(budget, "budget");
        requirePositive(firstBackoff, "firstBackoff");
        requirePositive(openFor, "openFor");
        if (attempts < 1 || minimumCalls < 1 || halfOpenProbes < 1) {
            throw new IllegalArgumentException("attempts, minimumCalls and halfOpenProbes are at least 1, got "
                    + attempts + ", " + minimumCalls + ", " + halfOpenProbes);
        }
        Objects.requireNonNull(clock, "clock");
    }

    /** 10 min TTL, a 300 ms budget, 3 attempts from 20 ms backoff, open after 4 calls for 10 s, 2 probes. */
    public static ResilienceSettings defaults(Clock clock) {
        return new ResilienceSettings(Duration.ofMinutes(10), Duration.ofMillis(300), 3, Duration.ofMillis(20), 4,
                Duration.ofSeconds(10), 2, clock);
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + duration);
        }
    }
}

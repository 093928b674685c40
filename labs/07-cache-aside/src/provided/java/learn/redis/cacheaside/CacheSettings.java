package learn.redis.cacheaside;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link ProductService} caches.
 *
 * @param ttl       how long a cached product lives, before jitter
 * @param ttlJitter how far a TTL may move from {@code ttl}, as a fraction of it (0.1: plus or minus 10 %)
 * @param absentTtl how long "no such product" is remembered: short, because the row may be created soon
 * @param lockTtl   how long a loader's lock lives if the loader dies before releasing it
 * @param lockPoll  how long a caller waiting for another caller's load pauses between looks at the cache
 * @param seed      the seed of the jitter's random numbers, so that a run can be repeated exactly
 */
public record CacheSettings(Duration ttl, double ttlJitter, Duration absentTtl, Duration lockTtl, Duration lockPoll,
        long seed) {

    public CacheSettings {
        requirePositive(ttl, "ttl");
        requirePositive(absentTtl, "absentTtl");
        requirePositive(lockTtl, "lockTtl");
        requirePositive(lockPoll, "lockPoll");
    }

    /** 10 minutes plus or minus 10 %, absent ids for 30 s, locks for 5 s, polling every 10 ms, seed 7. */
    public static CacheSettings defaults() {
        return new CacheSettings(Duration.ofMinutes(10), 0.1, Duration.ofSeconds(30), Duration.ofSeconds(5),
                Duration.ofMillis(10), 7);
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + duration);
        }
    }
}

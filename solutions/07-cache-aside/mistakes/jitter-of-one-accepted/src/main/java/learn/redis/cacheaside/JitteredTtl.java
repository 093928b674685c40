package learn.redis.cacheaside;

import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * TTLs spread evenly over {@code base} plus or minus {@code jitter * base}, so that entries loaded together (after a
 * deploy, a restart, a bulk import) do not all expire in the same second and send every reader to the database.
 */
public final class JitteredTtl {

    private final Duration base;
    private final double jitter;
    private final Random random;

    /**
     * @param base   the TTL at the middle of the band, positive
     * @param jitter the band's half-width as a fraction of {@code base}, from 0 (no jitter) up to, not including, 1
     * @param random the source of randomness; a seeded {@link Random} repeats the same TTLs run after run
     */
    public JitteredTtl(Duration base, double jitter, Random random) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(random, "random");
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("the base TTL must be positive, got " + base);
        }
        // Written so that NaN fails too: every comparison with NaN is false.
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter is a fraction from 0 up to (not including) 1, got " + jitter
                    + ": at 1 or more a TTL could be 0 or negative");
        }
        this.base = base;
        this.jitter = jitter;
        this.random = random;
    }

    // tag::next[]
    public Duration next() {
        long baseMillis = base.toMillis();
        long halfWidth = Math.round(baseMillis * jitter);
        // Milliseconds, not seconds: a 10 s TTL with 10 % jitter still gets 2001 different values.
        return Duration.ofMillis(baseMillis + random.nextLong(-halfWidth, halfWidth + 1));
    }
    // end::next[]
}

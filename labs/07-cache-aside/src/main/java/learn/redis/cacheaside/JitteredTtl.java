package learn.redis.cacheaside;

import java.time.Duration;
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
        // TODO Task 3: reject a missing or non-positive base, and a jitter outside [0, 1), with a clear message.
        this.base = base;
        this.jitter = jitter;
        this.random = random;
    }

    public Duration next() {
        // TODO Task 3: a random duration within base plus or minus jitter * base, drawn from this.random.
        throw new UnsupportedOperationException(
                "TODO Task 3: draw a TTL from the band (docs/07-cache-aside.md, Task 3)");
    }
}

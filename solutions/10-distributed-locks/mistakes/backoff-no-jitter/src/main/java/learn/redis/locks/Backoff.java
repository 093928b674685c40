package learn.redis.locks;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a waiting client pauses before its next attempt: a window that doubles with each attempt up to a cap,
 * and a random point in its upper half.
 */
public final class Backoff {

    private final long baseNanos;
    private final long capNanos;

    /** Pauses of about {@code base} at first, doubling per attempt, never longer than {@code cap}. */
    public Backoff(Duration base, Duration cap) {
        if (base == null || cap == null || base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= cap, got base " + base + ", cap " + cap);
        }
        this.baseNanos = base.toNanos();
        this.capNanos = cap.toNanos();
    }

    /** 10 ms at first, at most 250 ms: short next to typical critical sections, gentle on Redis. */
    public static Backoff standard() {
        return new Backoff(Duration.ofMillis(10), Duration.ofMillis(250));
    }

    // tag::delay[]
    /** The pause before attempt {@code attempt + 1}; {@code attempt} counts failed attempts from 0. */
    public Duration delay(int attempt) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt counts from 0, was " + attempt);
        }
        // Shift no further than the base's free high bits allow: base << 64 is not "huge", it wraps around.
        int shift = Math.min(attempt, Long.numberOfLeadingZeros(baseNanos) - 1);
        long window = Math.min(capNanos, baseNanos << shift);
        // The random part spreads waiters out, so they do not all retry in the same instant after a release;
        // the fixed half keeps every pause long enough that nobody hammers Redis.
        long half = window / 2;
        return Duration.ofNanos(window);
    }
    // end::delay[]
}

package learn.redis.locks;

import java.time.Duration;

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

    /** The pause before attempt {@code attempt + 1}; {@code attempt} counts failed attempts from 0. */
    public Duration delay(int attempt) {
        // TODO Task 3: window = min(cap, base * 2^attempt) without overflowing; return a random duration in
        //  [window / 2, window]. A negative attempt is an IllegalArgumentException.
        throw new UnsupportedOperationException(
                "TODO Task 3: capped exponential backoff with jitter (docs/10-distributed-locks.md, Task 3)");
    }
}

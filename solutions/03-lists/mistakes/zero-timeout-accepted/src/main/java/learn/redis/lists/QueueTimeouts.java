package learn.redis.lists;

import java.time.Duration;

/** Turns a blocking wait into the seconds that BRPOP and BLMOVE take. */
final class QueueTimeouts {

    /** The shortest wait that no Redis reads as 0 ms (up to 7.0.7, 0.001 s can truncate to 0: redis/redis#11688). */
    private static final long MIN_MILLIS = 2;

    private QueueTimeouts() {
    }

    /**
     * The timeout in seconds, with millisecond precision. Redis reads 0 as "wait forever", so a zero or negative
     * timeout is refused rather than passed on, 300 ms stays 0.3 instead of being truncated to 0, and a timeout
     * below 2 ms waits 2 ms.
     */
    // tag::seconds[]
    static double seconds(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive (Redis would read 0 as 'block forever'),"
                    + " was " + timeout);
        }
        // Redis turns the seconds back into whole milliseconds, and 0 ms is "forever" again. Up to 7.0.7 (6.2 too)
        // it truncates in floating point, where 0.001 * 1000 can come out just below 1 (it does on Linux x86-64):
        // even 0.001 blocks forever there. 7.0.8 rounds up. So round up to whole ms and never send less than 2.
        long millis = timeout.isZero() ? 0 : Math.max(MIN_MILLIS, timeout.plusNanos(999_999).toMillis());

        return millis / 1000.0;
    }
    // end::seconds[]
}

package learn.redis.lists;

import java.time.Duration;

/** Turns a blocking wait into the seconds that BRPOP and BLMOVE take. */
final class QueueTimeouts {

    private QueueTimeouts() {
    }

    /**
     * The timeout in seconds, with millisecond precision. Redis reads 0 as "wait forever", so a zero or negative
     * timeout is refused rather than passed on, and 300 ms stays 0.3 instead of being truncated to 0.
     */
    static double seconds(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive (Redis would read 0 as 'block forever'),"
                    + " was " + timeout);
        }
        return timeout.toMillis() / 1000.0;
    }
}

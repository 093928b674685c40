package learn.redis.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that stands still until a test moves it: pass it to code whose lesson is time (windows, lifetimes,
 * due dates) and test an hour of behaviour in a millisecond. Redis's own TTLs still run on the server's clock, so
 * check those with {@code PTTL}, not with this.
 */
public final class TestClock extends Clock {

    private volatile Instant now;

    public TestClock(Instant start) {
        this.now = start;
    }

    /** A clock at 2030-01-01T00:00:00Z: a round, far-from-now start that makes window arithmetic easy to read. */
    public static TestClock atRoundTime() {
        return new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    }

    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("TestClock is always UTC");
    }
}

package learn.redis.strings;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@code PTTL} says about a key, as a value instead of magic numbers: Redis answers -2 when the key does not
 * exist, -1 when it exists but never expires, and otherwise the milliseconds it has left.
 */
public final class TimeToLive {

    private static final TimeToLive NO_KEY = new TimeToLive(-2);
    private static final TimeToLive NEVER = new TimeToLive(-1);

    private final long millis;

    private TimeToLive(long millis) {
        this.millis = millis;
    }

    /** Turns a {@code PTTL} reply into a value: -2, -1, or the milliseconds left. */
    public static TimeToLive fromPttl(long pttlReply) {
        if (pttlReply == -2) {
            return NO_KEY;
        }
        if (pttlReply == -1) {
            return NEVER;
        }
        if (pttlReply < 0) {
            throw new IllegalArgumentException("Not a PTTL reply: " + pttlReply);
        }
        return new TimeToLive(pttlReply);
    }

    /** The key does not exist (PTTL -2). */
    public static TimeToLive noKey() {
        return NO_KEY;
    }

    /** The key exists and has no expiry (PTTL -1). */
    public static TimeToLive never() {
        return NEVER;
    }

    public boolean keyExists() {
        return millis != -2;
    }

    public boolean expires() {
        return millis >= 0;
    }

    /** The time left; only for a key that {@link #expires()}. */
    public Duration remaining() {
        if (!expires()) {
            throw new IllegalStateException(this + " has no remaining time");
        }
        return Duration.ofMillis(millis);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TimeToLive ttl && ttl.millis == millis;
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(millis);
    }

    @Override
    public String toString() {
        return millis == -2 ? "no such key" : millis == -1 ? "no expiry" : "expires in " + millis + " ms";
    }
}

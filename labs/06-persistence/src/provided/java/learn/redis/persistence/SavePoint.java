package learn.redis.persistence;

import java.time.Duration;

/**
 * One RDB save point: "snapshot when at least {@code minChanges} writes happened and {@code interval} has passed
 * since the last snapshot". {@code save 3600 1 300 100} in redis.conf is two of them.
 */
public record SavePoint(Duration interval, long minChanges) {

    public SavePoint {
        if (interval == null || interval.toSeconds() < 1 || interval.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("A save point's interval is a whole number of seconds, at least 1: "
                    + interval);
        }
        if (minChanges < 1) {
            throw new IllegalArgumentException("A save point needs at least 1 change, got " + minChanges);
        }
    }

    public static SavePoint of(long seconds, long minChanges) {
        return new SavePoint(Duration.ofSeconds(seconds), minChanges);
    }
}

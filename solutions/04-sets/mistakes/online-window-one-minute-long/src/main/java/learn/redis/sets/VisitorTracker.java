package learn.redis.sets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;

/**
 * Unique visitors per day and "who is online now", from sets: one set per UTC day ({@link SetKeys#visitorsOn}) and
 * one per minute ({@link SetKeys#onlineDuring}). "Online" means seen during the last {@code onlineWindow} whole
 * minutes, the current one included; reading unions those minute sets.
 */
public class VisitorTracker {

    /** A day's set lives two days, so yesterday's report still works today. */
    public static final Duration DAY_TTL = Duration.ofDays(2);

    private final RedisClient redis;
    private final Clock clock;
    private final Duration onlineWindow;

    /**
     * @param clock        what "now" is (tests pass a clock they move by hand)
     * @param onlineWindow how far back "online now" looks: whole minutes, at least one
     * @throws IllegalArgumentException if the window is not a positive whole number of minutes
     */
    public VisitorTracker(RedisClient redis, Clock clock, Duration onlineWindow) {
        if (onlineWindow == null || onlineWindow.toMinutes() < 1
                || !onlineWindow.equals(Duration.ofMinutes(onlineWindow.toMinutes()))) {
            throw new IllegalArgumentException("onlineWindow must be a positive whole number of minutes, got "
                    + onlineWindow);
        }
        this.redis = redis;
        this.clock = clock;
        this.onlineWindow = onlineWindow;
    }

    /** How long a minute set lives: the window, plus the minute itself, so it outlives every read that needs it. */
    public Duration minuteTtl() {
        return onlineWindow.plusMinutes(1);
    }

    /** Records that {@code userId} was seen now. */
    // tag::recordVisit[]
    public void recordVisit(String userId) {
        SetKeys.id(userId, "user id");
        Instant now = clock.instant();
        String day = SetKeys.visitorsOn(LocalDate.ofInstant(now, ZoneOffset.UTC));
        String minute = SetKeys.onlineDuring(now);
        // Four commands, one round trip. Every bucket gets a TTL, or the keyspace grows by 1440 sets a day forever.
        // EXPIRE is relative: it counts on the server's clock, whatever this.clock says the date is.
        try (AbstractPipeline pipeline = redis.pipelined()) {
            pipeline.sadd(day, userId);
            pipeline.expire(day, DAY_TTL.toSeconds());
            pipeline.sadd(minute, userId);
            pipeline.expire(minute, minuteTtl().toSeconds());
            pipeline.sync();
        }
    }
    // end::recordVisit[]

    /** How many different users were seen on a (UTC) day. */
    public long uniqueVisitors(LocalDate day) {
        return redis.scard(SetKeys.visitorsOn(day));
    }

    /** The users seen during the last {@code onlineWindow} minutes, the current one included. */
    public Set<String> onlineNow() {
        Instant now = clock.instant();
        long minutes = onlineWindow.toMinutes();
        String[] buckets = new String[(int) minutes + 1];
        for (int i = 0; i <= minutes; i++) {

            buckets[i] = SetKeys.onlineDuring(now.minus(Duration.ofMinutes(i)));
        }
        // One SUNION merges the buckets on the server (missing keys count as empty) and removes duplicates.
        return redis.sunion(buckets);
    }
}

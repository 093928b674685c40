package learn.redis.sets;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Set;
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
        // TODO Task 3: refuse a window that is not a positive whole number of minutes
        this.redis = redis;
        this.clock = clock;
        this.onlineWindow = onlineWindow;
    }

    /** How long a minute set lives: the window, plus the minute itself, so it outlives every read that needs it. */
    public Duration minuteTtl() {
        return onlineWindow.plusMinutes(1);
    }

    /** Records that {@code userId} was seen now. */
    public void recordVisit(String userId) {
        // TODO Task 3: SADD to today's set and this minute's set, each with its TTL, in one round trip
        throw new UnsupportedOperationException(
                "TODO Task 3: record a visit in the day and minute sets (docs/04-sets.md, Task 3)");
    }

    /** How many different users were seen on a (UTC) day. */
    public long uniqueVisitors(LocalDate day) {
        // TODO Task 3: count the day's set
        throw new UnsupportedOperationException("TODO Task 3: count a day's visitors (docs/04-sets.md, Task 3)");
    }

    /** The users seen during the last {@code onlineWindow} minutes, the current one included. */
    public Set<String> onlineNow() {
        // TODO Task 3: SUNION the minute sets of the window
        throw new UnsupportedOperationException(
                "TODO Task 3: union the window's minute sets (docs/04-sets.md, Task 3)");
    }
}

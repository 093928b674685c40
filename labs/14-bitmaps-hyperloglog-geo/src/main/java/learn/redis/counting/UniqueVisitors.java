package learn.redis.counting;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import redis.clients.jedis.RedisClient;

/**
 * Unique visitors per page and day, as HyperLogLogs: at most 12 KB per key however many visitors, counted with a
 * standard error of 0.81 %. Use a set instead when the count must be exact or the members must be listed.
 */
public class UniqueVisitors {

    /** How long a day's (and a week's) estimate is kept. */
    public static final Duration RETENTION = Duration.ofDays(35);

    /** How many ids one PFADD carries: few round trips, and no single command big enough to stall the server. */
    public static final int BATCH = 1000;

    private final RedisClient redis;

    public UniqueVisitors(RedisClient redis) {
        this.redis = redis;
    }

    /** Records that these visitors saw {@code page} on {@code day}; repeats count once. */
    public void record(String page, LocalDate day, List<String> visitorIds) {
        // TODO Task 2: PFADD the ids in batches of BATCH, and PEXPIRE the key to RETENTION, in one pipeline
        throw new UnsupportedOperationException(
                "TODO Task 2: record visitors with PFADD (docs/14-bitmaps-hyperloglog-geo.md, Task 2)");
    }

    /** The estimated number of different visitors of {@code page} on {@code day}. */
    public long count(String page, LocalDate day) {
        // TODO Task 2: PFCOUNT
        throw new UnsupportedOperationException(
                "TODO Task 2: estimate with PFCOUNT (docs/14-bitmaps-hyperloglog-geo.md, Task 2)");
    }

    /**
     * The estimated number of different visitors of {@code page} in the seven days from {@code firstDay}, kept as a
     * merged HyperLogLog of its own (with the same retention) so it can be read again without merging.
     */
    public long week(String page, LocalDate firstDay) {
        // TODO Task 2: PFMERGE the seven days into CountingKeys.weeklyVisitors, PEXPIRE it, PFCOUNT it
        throw new UnsupportedOperationException(
                "TODO Task 2: merge a week with PFMERGE (docs/14-bitmaps-hyperloglog-geo.md, Task 2)");
    }
}

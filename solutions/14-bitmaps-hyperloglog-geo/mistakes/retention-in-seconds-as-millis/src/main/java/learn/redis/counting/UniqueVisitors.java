package learn.redis.counting;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

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
    // tag::record[]
    public void record(String page, LocalDate day, List<String> visitorIds) {
        String key = CountingKeys.visitors(page, day);
        if (visitorIds.isEmpty()) {
            return;
        }
        // One PFADD per batch of ids and one round trip for them all; the TTL is set again with every batch, so
        // the key expires RETENTION after its last visit, whichever call created it.
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (int from = 0; from < visitorIds.size(); from += BATCH) {
                List<String> batch = visitorIds.subList(from, Math.min(from + BATCH, visitorIds.size()));
                pipeline.pfadd(key, batch.toArray(String[]::new));
            }
            pipeline.pexpire(key, RETENTION.toSeconds());
            pipeline.sync();
        }
    }
    // end::record[]

    /** The estimated number of different visitors of {@code page} on {@code day}. */
    public long count(String page, LocalDate day) {
        return redis.pfcount(CountingKeys.visitors(page, day));
    }

    /**
     * The estimated number of different visitors of {@code page} in the seven days from {@code firstDay}, kept as a
     * merged HyperLogLog of its own (with the same retention) so it can be read again without merging.
     */
    // tag::week[]
    public long week(String page, LocalDate firstDay) {
        String week = CountingKeys.weeklyVisitors(page, firstDay);
        String[] days = firstDay.datesUntil(firstDay.plusDays(7)).map(day -> CountingKeys.visitors(page, day))
                .toArray(String[]::new);
        // A union of HyperLogLogs is exact about the sketches (register-wise max), so a visitor seen on three days
        // counts once. Adding the seven daily counts instead would count them three times.
        try (AbstractTransaction tx = redis.multi()) {
            tx.pfmerge(week, days);
            tx.pexpire(week, RETENTION.toMillis());
            Response<Long> count = tx.pfcount(week);
            tx.exec();
            return count.get();
        }
    }
    // end::week[]
}

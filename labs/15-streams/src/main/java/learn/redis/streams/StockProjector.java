package learn.redis.streams;

import javax.sql.DataSource;
import redis.clients.jedis.RedisClient;

/**
 * Task 4: applies stock change events ({@code product}, {@code delta}) from a stream to the database in batches
 * (write-behind), and invalidates the cached stock ({@code stock:<product>}) of what changed. Exactly-once in
 * effect: delivery is at least once, and the last applied entry id is committed with the changes it covers.
 */
public final class StockProjector {

    private final RedisClient redis;
    private final DataSource database;
    private final String stream;
    private final String group;
    private final String consumer;

    public StockProjector(RedisClient redis, DataSource database, String stream, String group, String consumer) {
        this.redis = redis;
        this.database = database;
        this.stream = stream;
        this.group = group;
        this.consumer = consumer;
    }

    /** Reads up to {@code count} entries, applies those not applied yet, and returns how many it applied. */
    public int applyBatch(int count) {
        // TODO Task 4: own pending entries first, then new ones; one transaction with the offset; DEL; XACK last
        throw new UnsupportedOperationException(
                "TODO Task 4: applyBatch in one transaction with the last applied id (docs/15-streams.md, Task 4)");
    }
}

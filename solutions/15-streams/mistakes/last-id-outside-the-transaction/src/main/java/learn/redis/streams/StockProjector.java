package learn.redis.streams;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;

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
    // tag::applyBatch[]
    public int applyBatch(int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive, was " + count);
        }
        List<StreamEntry> entries = read(count);
        if (entries.isEmpty()) {
            return 0;
        }
        int applied = applyInOneTransaction(entries);
        // Only after the commit: deleting earlier lets a reader cache the old stock again before it changes. And the
        // keys of the whole batch, skipped entries too: a crash after the commit and before this DEL redelivers
        // entries that are all skipped as applied, and only this DEL can still remove the stale values.
        String[] keys = entries.stream().filter(entry -> entry.getFields() != null)
                .map(entry -> "stock:" + entry.getFields().get("product")).distinct().toArray(String[]::new);
        if (keys.length > 0) {
            redis.del(keys);
        }
        // Last: a crash before this XACK redelivers the batch, and the committed offset makes that harmless.
        redis.xack(stream, group, entries.stream().map(StreamEntry::getID).toArray(StreamEntryID[]::new));
        return applied;
    }
    // end::applyBatch[]

    /** This consumer's own pending entries first (left by a crash before its XACK), then new ones. */
    // tag::read[]
    private List<StreamEntry> read(int count) {
        List<StreamEntry> pending = readGroup(count, new StreamEntryID());
        return pending.isEmpty() ? readGroup(count, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY) : pending;
    }
    // end::read[]

    private List<StreamEntry> readGroup(int count, StreamEntryID from) {
        Map<String, List<StreamEntry>> read = redis.xreadGroupAsMap(group, consumer,
                XReadGroupParams.xReadGroupParams().count(count), Map.of(stream, from));
        return read == null ? List.of() : read.getOrDefault(stream, List.of());
    }

    /** Applies the entries after the committed offset and moves the offset, in one transaction; how many applied. */
    // tag::transaction[]
    private int applyInOneTransaction(List<StreamEntry> entries) {
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try {
                String stored = redis.get("offset:" + group);
                StreamEntryID applied = stored == null ? null : new StreamEntryID(stored);
                int changes = 0;
                StreamEntryID newest = null;
                try (PreparedStatement update = connection.prepareStatement(
                        "UPDATE product_stock SET stock = stock + ? WHERE id = ?")) {
                    for (StreamEntry entry : entries) {
                        // Compare ids as ids (ms, then sequence): as strings "5-10" sorts before "5-9".
                        if (entry.getFields() == null || applied != null && entry.getID().compareTo(applied) <= 0) {
                            continue; // applied before a crash, or deleted from the stream: nothing to do
                        }
                        update.setInt(1, Integer.parseInt(entry.getFields().get("delta")));
                        update.setLong(2, Long.parseLong(entry.getFields().get("product")));
                        update.addBatch();
                        changes++;
                        newest = entry.getID();
                    }
                    update.executeBatch();
                }
                connection.commit();
                if (newest != null) {
                    redis.set("offset:" + group, newest.toString());
                }
                return changes;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("applying " + entries.size() + " entries failed", e);
        }
    }
    // end::transaction[]

    private StreamEntryID lastApplied(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT last_id FROM stream_offset WHERE consumer_group = ? FOR UPDATE")) {
            select.setString(1, group);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? new StreamEntryID(rows.getString(1)) : null;
            }
        }
    }

    private void saveOffset(Connection connection, StreamEntryID id) throws SQLException {
        try (PreparedStatement merge = connection.prepareStatement(
                "MERGE INTO stream_offset (consumer_group, last_id) KEY (consumer_group) VALUES (?, ?)")) {
            merge.setString(1, group);
            merge.setString(2, id.toString());
            merge.executeUpdate();
        }
    }
}

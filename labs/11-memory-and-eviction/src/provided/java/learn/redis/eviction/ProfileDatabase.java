package learn.redis.eviction;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The system of record behind Task 5's cache: a private in-memory H2 database with one table,
 * {@code profile(id, body)}. Each instance has its own name, so tests never share rows; {@link #close()} drops it.
 */
public final class ProfileDatabase implements AutoCloseable {

    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final AtomicInteger reads = new AtomicInteger();

    public ProfileDatabase() {
        // DB_CLOSE_DELAY=-1 keeps the database while no connection is open; close() drops it.
        dataSource.setURL("jdbc:h2:mem:lab11-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        execute("CREATE TABLE profile (id BIGINT PRIMARY KEY, body VARCHAR(10000) NOT NULL)");
    }

    /** A database with profiles 1 to {@code count}, each body "profile N " and 2000 letters (about 2 KB). */
    public static ProfileDatabase withProfiles(int count) {
        ProfileDatabase database = new ProfileDatabase();
        // One statement for all rows: a connection per row costs more than the rows.
        database.execute("INSERT INTO profile SELECT X, CONCAT('profile ', X, ' ', REPEAT('p', 2000))"
                + " FROM SYSTEM_RANGE(1, " + count + ")");
        return database;
    }

    /** The profile's body, if the row exists. */
    public Optional<String> find(long id) {
        reads.incrementAndGet();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT body FROM profile WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading profile " + id + " failed: " + e.getMessage(), e);
        }
    }

    /** Inserts or replaces the profile's row. */
    public void save(long id, String body) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement merge = connection.prepareStatement("MERGE INTO profile (id, body) VALUES (?, ?)")) {
            merge.setLong(1, id);
            merge.setString(2, body);
            merge.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Saving profile " + id + " failed: " + e.getMessage(), e);
        }
    }

    /** How many times {@link #find} ran: every cache miss costs one. */
    public int reads() {
        return reads.get();
    }

    @Override
    public void close() {
        execute("SHUTDOWN");
    }

    private void execute(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }
}

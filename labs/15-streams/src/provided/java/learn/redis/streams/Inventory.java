package learn.redis.streams;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A private in-memory H2 database ({@code inventory.sql}): products 1 to 5 with a stock of 100 each, and the
 * {@code stream_offset} table. Each instance has its own name, so tests never share rows; {@link #close()} drops it.
 */
public final class Inventory implements AutoCloseable {

    private final JdbcDataSource dataSource = new JdbcDataSource();

    public Inventory() {
        // DB_CLOSE_DELAY=-1 keeps the database while no connection is open; close() drops it.
        dataSource.setURL("jdbc:h2:mem:lab15-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        query("RUNSCRIPT FROM 'classpath:/inventory.sql'", null);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The stock of product {@code id} as committed. */
    public int stockOf(long id) {
        return Integer.parseInt(query("SELECT stock FROM product_stock WHERE id = ?", id).orElseThrow());
    }

    /** The last stream entry id applied by {@code group}, as committed. */
    public Optional<String> lastApplied(String group) {
        return query("SELECT last_id FROM stream_offset WHERE consumer_group = ?", group);
    }

    @Override
    public void close() {
        query("SHUTDOWN", null);
    }

    private Optional<String> query(String sql, Object parameter) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            if (parameter != null) {
                statement.setObject(1, parameter);
            }
            if (!statement.execute()) {
                return Optional.empty();
            }
            try (ResultSet rows = statement.getResultSet()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }
}

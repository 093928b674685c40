package learn.redis.cacheaside;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A private in-memory H2 database with the {@code product} table and its seed rows ({@code db/schema.sql},
 * {@code db/data.sql}). Each instance has its own name, so tests never share rows; {@link #close()} drops it.
 */
public final class Database implements AutoCloseable {

    private final JdbcDataSource dataSource = new JdbcDataSource();

    private Database() {
        // DB_CLOSE_DELAY=-1 keeps the database while no connection is open; close() drops it.
        dataSource.setURL("jdbc:h2:mem:lab07-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    /** A fresh database with products 1 to 50. */
    public static Database withSeedData() {
        Database database = new Database();
        database.execute("RUNSCRIPT FROM 'classpath:/db/schema.sql'");
        database.execute("RUNSCRIPT FROM 'classpath:/db/data.sql'");
        return database;
    }

    public DataSource dataSource() {
        return dataSource;
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

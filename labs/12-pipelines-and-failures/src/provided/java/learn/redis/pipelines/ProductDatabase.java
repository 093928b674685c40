package learn.redis.pipelines;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The system of record: a private in-memory H2 database with the {@code product} table and five products
 * ({@code db/schema.sql}, {@code db/data.sql}). It counts the queries that reach it, so tests can tell a cache hit
 * from a fallback. Each instance has its own name; {@link #close()} drops it.
 */
public final class ProductDatabase implements AutoCloseable {

    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final AtomicLong queries = new AtomicLong();

    private ProductDatabase() {
        // DB_CLOSE_DELAY=-1 keeps the database while no connection is open; close() drops it.
        dataSource.setURL("jdbc:h2:mem:lab12-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    /** A fresh database with products 1 to 5. */
    public static ProductDatabase withSeedData() {
        ProductDatabase database = new ProductDatabase();
        database.update("RUNSCRIPT FROM 'classpath:/db/schema.sql'");
        database.update("RUNSCRIPT FROM 'classpath:/db/data.sql'");
        return database;
    }

    /** {@code SELECT ... WHERE id = ?}: the query a cache hit saves. Counted. */
    public Optional<Product> findById(long id) {
        queries.incrementAndGet();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT id, name, price_cents FROM product WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next()
                        ? Optional.of(new Product(row.getLong("id"), row.getString("name"), row.getLong("price_cents")))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read product " + id + ": " + e.getMessage(), e);
        }
    }

    /** Adds {@code count} page views to product {@code id}: where views go when Redis cannot count them. */
    public void addViews(long id, long count) {
        update("UPDATE product SET views = views + ? WHERE id = ?", count, id);
    }

    /** The page views the database holds for product {@code id}. */
    public long views(long id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT views FROM product WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the views of product " + id + ": " + e.getMessage(), e);
        }
    }

    /** How many {@link #findById} calls reached the database. */
    public long queries() {
        return queries.get();
    }

    @Override
    public void close() {
        update("SHUTDOWN");
    }

    private void update(String sql, long... parameters) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setLong(i + 1, parameters[i]);
            }
            statement.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed: " + e.getMessage(), e);
        }
    }
}

package learn.redis.writestrategies;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The system of record: the {@code product} table in an in-memory H2 database, through plain JDBC.
 *
 * <p>It counts what reaches the database ({@link #reads()}, {@link #writes()}), so tests measure a cache by the
 * queries it saves, not by timing. Its hooks ({@link #afterRead}, {@link #beforeUpdate}, {@link #beforeCommit},
 * {@link #afterCommit}) let a test stop a thread between two steps of the code under test: the moment where, in
 * production, a thread is descheduled, a GC pauses or a packet is slow, and another request slips in.
 */
public final class ProductRepository implements AutoCloseable {

    private static final Runnable NOTHING = () -> { };

    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private volatile Runnable afterRead = NOTHING;
    private volatile Runnable beforeUpdate = NOTHING;
    private volatile Runnable beforeCommit = NOTHING;
    private volatile Runnable afterCommit = NOTHING;

    private ProductRepository(String url) {
        dataSource.setURL(url);
    }

    /** A fresh database of its own (schema and seed rows from {@code db/*.sql}); {@link #close()} drops it. */
    public static ProductRepository inMemory() {
        ProductRepository repository = new ProductRepository(
                "jdbc:h2:mem:products-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (Connection connection = repository.dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("RUNSCRIPT FROM 'classpath:db/schema.sql'");
            statement.execute("RUNSCRIPT FROM 'classpath:db/data.sql'");
        } catch (SQLException e) {
            throw new RepositoryException("cannot create the product database", e);
        }
        return repository;
    }

    /** One SELECT by primary key. */
    public Optional<Product> findById(long id) {
        reads.incrementAndGet();
        Optional<Product> row;
        try (Connection connection = dataSource.getConnection()) {
            row = select(connection, id);
        } catch (SQLException e) {
            throw new RepositoryException("cannot read product " + id, e);
        }
        afterRead.run();
        return row;
    }

    /**
     * Sets the price and raises the version by one, in one transaction; returns the row as committed.
     *
     * @throws NoSuchElementException if there is no product {@code id}
     * @throws RepositoryException    if the database refuses the change (a negative price breaks a CHECK
     *                                constraint) or the transaction fails; nothing is changed then
     */
    public Product updatePrice(long id, long priceCents) {
        beforeUpdate.run();
        writes.incrementAndGet();
        Product committed;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                committed = update(connection, id, priceCents);
                beforeCommit.run();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new RepositoryException("the database refused the new price of product " + id + ": "
                    + e.getMessage(), e);
        }
        afterCommit.run();
        return committed;
    }

    private static Product update(Connection connection, long id, long priceCents) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE product SET price_cents = ?, version = version + 1 WHERE id = ?")) {
            update.setLong(1, priceCents);
            update.setLong(2, id);
            if (update.executeUpdate() == 0) {
                throw new NoSuchElementException("there is no product " + id);
            }
        }
        // Same transaction: the row as this write left it, with the version the database gave it.
        return select(connection, id).orElseThrow();
    }

    private static Optional<Product> select(Connection connection, long id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT id, name, price_cents, version FROM product WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Product(row.getLong("id"), row.getString("name"),
                        row.getLong("price_cents"), row.getLong("version")));
            }
        }
    }

    /** {@link #findById} calls so far: each one is a query that reached the database. */
    public long reads() {
        return reads.get();
    }

    /** {@link #updatePrice} calls so far, including refused ones: each one reached the database. */
    public long writes() {
        return writes.get();
    }

    /** Test hook: runs in the reading thread after a row is read, before {@link #findById} returns it. */
    public void afterRead(Runnable hook) {
        afterRead = hook;
    }

    /** Test hook: runs in the writing thread when {@link #updatePrice} is called, before the UPDATE. */
    public void beforeUpdate(Runnable hook) {
        beforeUpdate = hook;
    }

    /** Test hook: runs inside the transaction, after the UPDATE and before COMMIT; throwing rolls it back. */
    public void beforeCommit(Runnable hook) {
        beforeCommit = hook;
    }

    /** Test hook: runs in the writing thread after COMMIT, before {@link #updatePrice} returns. */
    public void afterCommit(Runnable hook) {
        afterCommit = hook;
    }

    /** Drops the in-memory database. */
    @Override
    public void close() {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
        } catch (SQLException e) {
            throw new RepositoryException("cannot shut the product database down", e);
        }
    }
}

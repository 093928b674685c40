package learn.redis.cacheaside;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps a repository to count what reaches the database, so tests measure a cache by the queries it saves, not by
 * timing. Hooks run just before a read or an update reaches the database: tests use them to hold a loader still or to
 * slip a concurrent reader in between two steps of the code under test.
 */
public final class CountingProductRepository implements ProductRepository {

    private final ProductRepository database;
    private final AtomicLong queries = new AtomicLong();
    private final AtomicLong updates = new AtomicLong();
    private volatile Runnable beforeQuery = () -> { };
    private volatile Runnable beforeUpdate = () -> { };

    public CountingProductRepository(ProductRepository database) {
        this.database = database;
    }

    /** How many {@link #findById} calls reached the database. */
    public long queries() {
        return queries.get();
    }

    /** How many {@link #update} calls reached the database. */
    public long updates() {
        return updates.get();
    }

    /** Sets both counts back to 0. */
    public void resetCounts() {
        queries.set(0);
        updates.set(0);
    }

    /** Runs {@code hook} in the calling thread before each query, after it has been counted. */
    public void beforeQuery(Runnable hook) {
        this.beforeQuery = hook;
    }

    /** Runs {@code hook} in the calling thread before each update reaches the database. */
    public void beforeUpdate(Runnable hook) {
        this.beforeUpdate = hook;
    }

    @Override
    public Optional<Product> findById(long id) {
        queries.incrementAndGet();
        beforeQuery.run();
        return database.findById(id);
    }

    @Override
    public void insert(Product product) {
        database.insert(product);
    }

    @Override
    public boolean update(Product product) {
        updates.incrementAndGet();
        beforeUpdate.run();
        return database.update(product);
    }
}

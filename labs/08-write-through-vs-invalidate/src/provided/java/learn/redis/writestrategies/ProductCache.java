package learn.redis.writestrategies;

import java.util.Optional;

/** Products read through a Redis cache; the strategies of this lab differ in what a write does to the cache. */
public interface ProductCache {

    /** The product, from the cache when it holds it, else from the database; empty if there is no such row. */
    Optional<Product> find(long id);

    /**
     * Changes the price in the database (the system of record) and keeps the cache in line with it, in the way
     * of the strategy. Returns the committed row; throws what the repository throws, and then the cache must be
     * as it was.
     */
    Product updatePrice(long id, long priceCents);
}

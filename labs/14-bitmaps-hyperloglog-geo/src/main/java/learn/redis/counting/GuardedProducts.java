package learn.redis.counting;

import java.util.Optional;

/**
 * Products behind a Bloom filter of every id that exists: a lookup of an id that was never saved (a typo, a
 * scraper walking ids, an attack) is answered without the database. This is cache penetration's cure for ids that
 * never exist, where caching "not found" would fill the cache with garbage keys.
 */
public class GuardedProducts {

    private final ProductRepository repository;
    private final BloomFilter existingIds;

    public GuardedProducts(ProductRepository repository, BloomFilter existingIds) {
        this.repository = repository;
        this.existingIds = existingIds;
    }

    /** Saves a product, and adds its id to the filter. */
    public void save(Product product) {
        // TODO Task 5: the filter and the database; the order matters
        throw new UnsupportedOperationException(
                "TODO Task 5: save a product behind the filter (docs/14-bitmaps-hyperloglog-geo.md, Task 5)");
    }

    /** The product, or empty; ids the filter rejects never reach the database. */
    public Optional<Product> find(String id) {
        // TODO Task 5: ask the filter first; only a "maybe" goes to the repository
        throw new UnsupportedOperationException(
                "TODO Task 5: find a product behind the filter (docs/14-bitmaps-hyperloglog-geo.md, Task 5)");
    }
}

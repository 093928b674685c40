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
    // tag::save[]
    public void save(Product product) {
        // Filter first, database second. If the save then fails, the filter holds an id that does not exist: one
        // more false positive, which costs a query. The other order fails the other way: a filter write that fails
        // after the save (or a reader in between) makes a saved product unfindable, and a Bloom filter's one
        // promise is that it never says "no" to something that exists.
        repository.save(product);
        existingIds.add(product.id());
    }
    // end::save[]

    /** The product, or empty; ids the filter rejects never reach the database. */
    // tag::find[]
    public Optional<Product> find(String id) {
        if (!existingIds.mightContain(id)) {
            return Optional.empty();
        }
        return repository.find(id);
    }
    // end::find[]
}

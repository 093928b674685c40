package learn.redis.cacheaside;

import java.util.Optional;

/**
 * The same cache-aside reads and evicting writes as {@link ProductService}, declared with Spring's cache
 * annotations. The proxy Spring puts around this bean does the GET, SET and DEL; the methods only talk to the
 * database.
 */
public class SpringProductService {

    /** The cache that {@link ProductCacheConfig} configures: keys {@code lab07:products:ID}. */
    public static final String CACHE = "products";

    private final ProductRepository repository;

    public SpringProductService(ProductRepository repository) {
        this.repository = repository;
    }

    // TODO Task 8: @Cacheable on the products cache, without caching a missing product.
    public Optional<Product> find(long id) {
        throw new UnsupportedOperationException(
                "TODO Task 8: load from the repository, cached by @Cacheable (docs/07-cache-aside.md, Task 8)");
    }

    // TODO Task 8: @CacheEvict the product's entry once the database took the update.
    public void update(Product product) {
        throw new UnsupportedOperationException(
                "TODO Task 8: update the repository, evicted by @CacheEvict (docs/07-cache-aside.md, Task 8)");
    }
}

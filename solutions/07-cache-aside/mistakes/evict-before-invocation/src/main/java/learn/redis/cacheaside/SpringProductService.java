package learn.redis.cacheaside;

import java.util.Optional;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;

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

    // tag::find[]
    // Spring unwraps the Optional: #result is the product or null, and a missing product is not cached.
    @Cacheable(cacheNames = CACHE, unless = "#result == null")
    public Optional<Product> find(long id) {
        return repository.findById(id);
    }
    // end::find[]

    // tag::update[]
    // Evicts after the method returns (the default), so only after the database accepted the update.
    @CacheEvict(cacheNames = CACHE, key = "#product.id()", beforeInvocation = true)
    public void update(Product product) {
        if (!repository.update(product)) {
            throw new IllegalArgumentException("no product " + product.id() + " to update");
        }
    }
    // end::update[]
}

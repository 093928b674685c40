package learn.redis.writestrategies;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Cache-aside with invalidate-on-write (Tasks 1 and 2): reads fill the cache, writes update the database and then
 * delete the key.
 */
public final class InvalidatingProductCache implements ProductCache {

    private final StringRedisTemplate redis;
    private final ProductRepository products;
    private final Duration ttl;
    private final Duration leaseTtl;

    /**
     * @param ttl      how long a cached product lives: the upper bound on staleness if an invalidation is lost
     * @param leaseTtl how long a miss may take to load (Task 2); a reader that dies frees the key after it
     */
    public InvalidatingProductCache(StringRedisTemplate redis, ProductRepository products, Duration ttl,
            Duration leaseTtl) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.products = Objects.requireNonNull(products, "products");
        this.ttl = Checks.positive(ttl, "ttl");
        this.leaseTtl = Checks.positive(leaseTtl, "leaseTtl");
    }

    @Override
    public Optional<Product> find(long id) {
        // TODO Task 1: GET Product.cacheKey(id); a value ProductJson.read understands is a hit. On a miss, read
        //  the repository and SET the product's JSON with the TTL.
        // TODO Task 2: on a miss, first take a lease in the key (SET NX PX leaseTtl); after the database read,
        //  store the product only if the key still holds your lease, in one Lua script. Pass every script argument
        //  as a String (Long.toString(ttl.toMillis())): a StringRedisTemplate serializes arguments as strings, and
        //  a long fails with "ClassCastException: Long cannot be cast to String".
        throw new UnsupportedOperationException(
                "TODO Task 1: read through the cache (docs/08-write-through-vs-invalidate.md, Task 1)");
    }

    @Override
    public Product updatePrice(long id, long priceCents) {
        // TODO Task 1: update the database first, then delete the key; return the committed row.
        throw new UnsupportedOperationException(
                "TODO Task 1: update the database, then delete the key"
                        + " (docs/08-write-through-vs-invalidate.md, Task 1)");
    }
}

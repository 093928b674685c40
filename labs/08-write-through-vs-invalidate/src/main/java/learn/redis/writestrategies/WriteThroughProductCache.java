package learn.redis.writestrategies;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Write-through (Tasks 3 and 4): a write updates the database and then stores the committed row in the cache, so
 * the next read is a hit.
 */
public final class WriteThroughProductCache implements ProductCache {

    private final StringRedisTemplate redis;
    private final ProductRepository products;
    private final Duration ttl;

    /** @param ttl how long a cached product lives; write-through still needs one, for writes that never reach Redis */
    public WriteThroughProductCache(StringRedisTemplate redis, ProductRepository products, Duration ttl) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.products = Objects.requireNonNull(products, "products");
        this.ttl = Checks.positive(ttl, "ttl");
    }

    @Override
    public Optional<Product> find(long id) {
        // TODO Task 3: GET the key; on a hit return it, on a miss read the repository and store the row with the TTL.
        // TODO Task 4: store through a Lua script that keeps the product only if it is newer than the cached one.
        //  Pass the version and the TTL as Strings (Long.toString): a StringRedisTemplate serializes script
        //  arguments as strings, and a long fails with "ClassCastException: Long cannot be cast to String".
        throw new UnsupportedOperationException(
                "TODO Task 3: read through the cache (docs/08-write-through-vs-invalidate.md, Task 3)");
    }

    @Override
    public Product updatePrice(long id, long priceCents) {
        // TODO Task 3: update the database first, then SET the committed row in the cache with the TTL.
        // TODO Task 4: make that store versioned (the same script as the read path's).
        throw new UnsupportedOperationException(
                "TODO Task 3: update the database, then store the new row"
                        + " (docs/08-write-through-vs-invalidate.md, Task 3)");
    }
}

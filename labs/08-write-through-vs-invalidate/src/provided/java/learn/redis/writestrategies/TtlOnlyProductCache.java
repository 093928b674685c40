package learn.redis.writestrategies;

import java.time.Duration;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The baseline of Task 5, given complete: reads through the cache, and writes only the database, trusting the
 * TTL to bring the cache back in line. Every read between a write and the key's expiry serves the old price.
 */
public final class TtlOnlyProductCache implements ProductCache {

    private final StringRedisTemplate redis;
    private final ProductRepository products;
    private final Duration ttl;

    public TtlOnlyProductCache(StringRedisTemplate redis, ProductRepository products, Duration ttl) {
        this.redis = redis;
        this.products = products;
        this.ttl = ttl;
    }

    @Override
    public Optional<Product> find(long id) {
        String key = Product.cacheKey(id);
        Optional<Product> cached = ProductJson.read(redis.opsForValue().get(key));
        if (cached.isPresent()) {
            return cached;
        }
        Optional<Product> row = products.findById(id);
        row.ifPresent(product -> redis.opsForValue().set(key, ProductJson.write(product), ttl));
        return row;
    }

    @Override
    public Product updatePrice(long id, long priceCents) {
        return products.updatePrice(id, priceCents);
    }
}

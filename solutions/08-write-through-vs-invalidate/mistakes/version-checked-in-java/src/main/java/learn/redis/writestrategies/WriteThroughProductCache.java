package learn.redis.writestrategies;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Write-through (Tasks 3 and 4): a write updates the database and then stores the committed row in the cache, so
 * the next read is a hit. Every store, by a writer or by a reader filling a miss, is versioned: Redis keeps a
 * product only if it is newer than the one it holds, so stores that arrive out of order cannot roll it back.
 */
public final class WriteThroughProductCache implements ProductCache {

    // tag::set-if-newer[]
    /**
     * KEYS[1] product key; ARGV[1] the version being stored; ARGV[2] its JSON; ARGV[3] TTL in ms. Reading the
     * cached version and storing happen in one step: no other command runs in between.
     */
    private static final RedisScript<Long> SET_IF_NEWER = RedisScript.of("""
            local cached = false
            if cached then
              local ok, product = pcall(cjson.decode, cached)
              if ok and type(product) == 'table' and tonumber(product.version)
                  and tonumber(product.version) >= tonumber(ARGV[1]) then
                return 0
              end
            end
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            return 1
            """, Long.class);
    // end::set-if-newer[]

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
        Optional<Product> hit = ProductJson.read(redis.opsForValue().get(Product.cacheKey(id)));
        if (hit.isPresent()) {
            return hit;
        }
        Optional<Product> row = products.findById(id);
        // A reader's fill is versioned too: a write committed while we read must win over our older row.
        row.ifPresent(this::storeIfNewer);
        return row;
    }

    // tag::write-through[]
    @Override
    public Product updatePrice(long id, long priceCents) {
        // Database first: a refused or rolled-back write throws here, before the cache is touched.
        Product committed = products.updatePrice(id, priceCents);
        storeIfNewer(committed);
        return committed;
    }
    // end::write-through[]

    private void storeIfNewer(Product product) {
        Optional<Product> cached = ProductJson.read(redis.opsForValue().get(Product.cacheKey(product.id())));
        if (cached.isPresent() && cached.get().version() >= product.version()) {
            return;
        }
        redis.execute(SET_IF_NEWER, List.of(Product.cacheKey(product.id())), Long.toString(product.version()),
                ProductJson.write(product), Long.toString(ttl.toMillis()));
    }
}

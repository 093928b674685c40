package learn.redis.writestrategies;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Cache-aside with invalidate-on-write (Tasks 1 and 2): reads fill the cache, writes update the database and then
 * delete the key. A miss first takes a lease in the key itself, so that a write's DELETE also cancels every fill
 * that started before it (the leases of Facebook's memcache paper).
 */
public final class InvalidatingProductCache implements ProductCache {

    /** A lease marker is never valid JSON, so {@link ProductJson#read} treats it as a miss. */
    private static final String LEASE_PREFIX = "lease:";

    // tag::fill-if-lease-held[]
    /**
     * KEYS[1] product key; ARGV[1] our lease; ARGV[2] the product JSON, or "" when the row does not exist;
     * ARGV[3] TTL in ms. Compare and store in one step: between a GET in Java and a SET in Java a writer's DEL
     * could slip in, which is the very race the lease is for.
     */
    private static final RedisScript<Long> FILL_IF_LEASE_HELD = RedisScript.of("""
            if redis.call('GET', KEYS[1]) ~= ARGV[1] then
              return 0
            end
            if ARGV[2] == '' then
              redis.call('DEL', KEYS[1])
            else
              redis.call('SET', KEYS[1], ARGV[2], 'EX', math.max(1, math.floor(tonumber(ARGV[3]) / 1000)))
            end
            return 1
            """, Long.class);
    // end::fill-if-lease-held[]

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
        String key = Product.cacheKey(id);
        Optional<Product> hit = ProductJson.read(redis.opsForValue().get(key));
        if (hit.isPresent()) {
            return hit;
        }
        // tag::lease-on-miss[]
        // Only the reader that creates the lease may fill. NX: a reader already loading keeps its lease;
        // PX: a reader that dies while loading blocks fills only until the lease expires.
        String lease = LEASE_PREFIX + UUID.randomUUID();
        boolean leaseTaken = Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(key, lease, leaseTtl));
        Optional<Product> row = products.findById(id);
        if (leaseTaken) {
            // A writer's DEL since our SET NX removed the lease, and then the script stores nothing.
            redis.execute(FILL_IF_LEASE_HELD, List.of(key), lease,
                    row.map(ProductJson::write).orElse(""), Long.toString(ttl.toMillis()));
        }
        // end::lease-on-miss[]
        return row;
    }

    // tag::update-then-delete[]
    @Override
    public Product updatePrice(long id, long priceCents) {
        // Database first: if it refuses or rolls back, this throws and the cache is left as it was.
        Product committed = products.updatePrice(id, priceCents);
        // Then delete, not set: a DEL cannot put an older value back, and it cancels any lease in flight.
        redis.delete(Product.cacheKey(id));
        return committed;
    }
    // end::update-then-delete[]
}

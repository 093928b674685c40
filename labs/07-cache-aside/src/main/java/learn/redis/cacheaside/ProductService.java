package learn.redis.cacheaside;

import java.util.Optional;
import redis.clients.jedis.RedisClient;

/**
 * Products read through a Redis cache (cache-aside): look in Redis, on a miss load from the database and keep a copy
 * with a TTL. The database is the system of record; the cache only ever holds copies that may be dropped at any time.
 */
public class ProductService {

    /** What {@code product:ID} holds for an id the database does not have. Not JSON, so never taken for a product. */
    public static final String ABSENT = "<absent>";

    private final RedisClient redis;
    private final ProductRepository repository;
    private final CacheSettings settings;

    public ProductService(RedisClient redis, ProductRepository repository, CacheSettings settings) {
        this.redis = redis;
        this.repository = repository;
        this.settings = settings;
        // TODO Task 2: a ProductJson; TODO Task 3: a JitteredTtl from settings (seeded with settings.seed()).
    }

    /** The cache key of a product: {@code product:42}. */
    public static String key(long id) {
        return "product:" + id;
    }

    /** The key of the lock a loader holds while it reads product {@code id} from the database. */
    public static String lockKey(long id) {
        return "lock:product:" + id;
    }

    // tag::find[]
    public Optional<Product> find(long id) {
        // TODO Task 2: GET product:ID; on a hit return it; on a miss load, SET it with a TTL (one command), return it.
        // TODO Task 4: cache a missing product as ABSENT with settings.absentTtl(), and serve ABSENT as empty.
        // TODO Task 5: on a miss, let one caller (SET lock:product:ID NX PX) load while the others wait for its copy.
        // TODO Task 6: if Redis is unreachable, answer from the database.
        throw new UnsupportedOperationException(
                "TODO Task 2: read through the cache (docs/07-cache-aside.md, Task 2)");
    }
    // end::find[]

    /** Inserts a new product and drops any "absent" marker its id collected while it did not exist. */
    public void create(Product product) {
        // TODO Task 4: insert, then delete product:ID.
        throw new UnsupportedOperationException(
                "TODO Task 4: insert, then remove the absent marker (docs/07-cache-aside.md, Task 4)");
    }

    /** Writes to the database first, then deletes the cached copy; the next read loads the new row. */
    public void update(Product product) {
        // TODO Task 7: update the database (unknown id: IllegalArgumentException), then DEL product:ID.
        throw new UnsupportedOperationException(
                "TODO Task 7: update the database, then delete the key (docs/07-cache-aside.md, Task 7)");
    }
}

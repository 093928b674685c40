package learn.redis.cacheaside;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.params.SetParams;

/**
 * Products read through a Redis cache (cache-aside): look in Redis, on a miss load from the database and keep a copy
 * with a TTL. The database is the system of record; the cache only ever holds copies that may be dropped at any time.
 */
public class ProductService {

    /** What {@code product:ID} holds for an id the database does not have. Not JSON, so never taken for a product. */
    public static final String ABSENT = "<absent>";

    private static final System.Logger LOG = System.getLogger(ProductService.class.getName());

    // Deletes the lock only if it still holds our token: after our lock expired, it may be another loader's now.
    private static final String RELEASE_LOCK =
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    private final RedisClient redis;
    private final ProductRepository repository;
    private final CacheSettings settings;
    private final ProductJson json = new ProductJson();
    private final JitteredTtl ttl;

    public ProductService(RedisClient redis, ProductRepository repository, CacheSettings settings) {
        this.redis = redis;
        this.repository = repository;
        this.settings = settings;
        this.ttl = new JitteredTtl(settings.ttl(), settings.ttlJitter(), new Random(settings.seed()));
    }

    /** The cache key of a product: {@code product:42}. */
    public static String key(long id) {
        return "product:" + id;
    }

    /** The key of the lock a loader holds while it reads product {@code id} from the database. */
    public static String lockKey(long id) {
        return "lock:product:" + id;
    }

    public Optional<Product> find(long id) {
        try {
            return readThrough(id);
        } catch (JedisConnectionException redisDown) {
            // A cache is an optimisation: when it is unreachable, answer from the system of record, slower but right.
            // Nothing is cached meanwhile, so nothing can be stale when Redis is back.
            LOG.log(Level.WARNING, "Redis unreachable, reading product {0} from the database: {1}", id,
                    redisDown.getMessage());
            return repository.findById(id);
        }
    }

    /** Inserts a new product and drops any "absent" marker its id collected while it did not exist. */
    public void create(Product product) {
        repository.insert(product);
        evict(product.id());
    }

    /** Writes to the database first, then deletes the cached copy; the next read loads the new row. */
    public void update(Product product) {
        if (!repository.update(product)) {
            throw new IllegalArgumentException("no product " + product.id() + " to update");
        }
        evict(product.id());
    }

    // tag::readThrough[]
    private Optional<Product> readThrough(long id) {
        String key = key(id);
        while (true) {
            Optional<Optional<Product>> cached = lookup(key);
            if (cached.isPresent()) {
                return cached.get();
            }
            // A miss. One caller, across every instance of the service, loads; the others wait for its copy.
            String token = UUID.randomUUID().toString();
            if (tryLock(id, token)) {
                try {
                    // Another caller may have stored the value between our GET and our lock.
                    Optional<Product> loaded = repository.findById(id);
                    store(key, loaded);
                    return loaded;
                } finally {
                    unlock(id, token);
                }
            }
            // The lock's TTL bounds this wait: if the loader dies, its lock expires and one of us takes over.
            pause();
        }
    }
    // end::readThrough[]

    /**
     * What the cache says about {@code key}: empty on a miss; a present but empty Optional for a known-absent id. An
     * entry that does not read as a product (older format, corruption) is a miss: the reload overwrites it.
     */
    private Optional<Optional<Product>> lookup(String key) {
        String value = redis.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (ABSENT.equals(value)) {
            return Optional.of(Optional.empty());
        }
        return json.read(value).map(Optional::of);
    }

    private void store(String key, Optional<Product> loaded) {
        // Value and TTL in one SET: SET then EXPIRE leaves a key that never expires if the client dies in between.
        if (loaded.isPresent()) {
            redis.set(key, json.write(loaded.get()), SetParams.setParams().px(ttl.next().toMillis()));
        } else {
            // A short TTL: remembering "absent" protects the database, but the row may be created any moment.
            redis.set(key, ABSENT, SetParams.setParams().px(settings.absentTtl().toMillis()));
        }
    }

    private boolean tryLock(long id, String token) {
        // NX: only if nobody holds it. PX: a loader that crashes cannot block everyone forever.
        return "OK".equals(redis.set(lockKey(id), token, SetParams.setParams().nx().px(settings.lockTtl().toMillis())));
    }

    private void unlock(long id, String token) {
        redis.eval(RELEASE_LOCK, List.of(lockKey(id)), List.of(token));
    }

    private void evict(long id) {
        try {
            // Delete, do not overwrite: a delete cannot race a slower writer into leaving the older value behind.
            redis.del(key(id));
        } catch (JedisConnectionException redisDown) {
            // The database write has happened and must not be reported as failed. A copy that survived in Redis
            // stays stale at most until its TTL ends: one more reason why every entry has one.
            LOG.log(Level.WARNING, "Redis unreachable, product {0} not evicted: {1}", id, redisDown.getMessage());
        }
    }

    private void pause() {
        try {
            Thread.sleep(settings.lockPoll().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for another caller to load the product", e);
        }
    }
}

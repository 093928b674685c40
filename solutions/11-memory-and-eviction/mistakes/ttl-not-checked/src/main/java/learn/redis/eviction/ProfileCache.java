package learn.redis.eviction;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

/**
 * Task 5: a cache of profiles that shares its Redis with data that must stay (sessions, locks) and keeps working
 * when Redis is full: a refused write costs a cache entry, never a request or a user's change.
 */
public final class ProfileCache {

    private static final System.Logger LOG = System.getLogger(ProfileCache.class.getName());

    private final UnifiedJedis redis;
    private final ProfileDatabase database;
    private final long ttlMillis;

    public ProfileCache(UnifiedJedis redis, ProfileDatabase database, Duration ttl) {
        if (ttl == null) {
            throw new IllegalArgumentException("ttl must be at least 1 ms, was " + ttl);
        }
        this.redis = redis;
        this.database = database;
        this.ttlMillis = ttl.toMillis();
    }

    public static String key(long id) {
        return "cache:profile:" + id;
    }

    // tag::read[]
    /** Cache-aside: Redis first; on a miss the database, then a copy in Redis if Redis takes it. */
    public Optional<String> read(long id) {
        String cached = redis.get(key(id));
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<String> body = database.find(id);
        body.ifPresent(value -> cacheIfRoom(id, value));
        return body;
    }
    // end::read[]

    // tag::update[]
    /** The database first (the user's change is safe once it returns), then the cache. */
    public void update(long id, String body) {
        database.save(id, body);
        if (!cacheIfRoom(id, body)) {
            // The SET was refused, so the old copy is still there and would be served until its TTL ends. DEL is
            // allowed under OOM (it frees memory): the next read loads the new row.
            redis.del(key(id));
        }
    }
    // end::update[]

    // tag::cacheIfRoom[]
    private boolean cacheIfRoom(long id, String body) {
        try {
            // A TTL on every entry: under a volatile-* policy only keys with a TTL can be evicted, so entries
            // without one would fill the memory that the sessions beside them need.
            redis.set(key(id), body, SetParams.setParams().px(ttlMillis));
            return true;
        } catch (JedisDataException e) {
            if (!e.getMessage().startsWith("OOM")) {
                throw e;
            }
            LOG.log(Level.WARNING, "Redis is full (maxmemory reached, policy does not evict): profile {0} served"
                    + " from the database without caching it", id);
            return false;
        }
    }
    // end::cacheIfRoom[]
}

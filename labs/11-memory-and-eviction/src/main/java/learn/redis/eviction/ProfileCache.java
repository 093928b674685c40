package learn.redis.eviction;

import java.time.Duration;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * Task 5: a cache of profiles that shares its Redis with data that must stay (sessions, locks) and keeps working
 * when Redis is full: a refused write costs a cache entry, never a request or a user's change.
 */
public final class ProfileCache {

    private final UnifiedJedis redis;
    private final ProfileDatabase database;
    private final Duration ttl;

    public ProfileCache(UnifiedJedis redis, ProfileDatabase database, Duration ttl) {
        // TODO Task 5: refuse a TTL below 1 ms.
        this.redis = redis;
        this.database = database;
        this.ttl = ttl;
    }

    public static String key(long id) {
        return "cache:profile:" + id;
    }

    /** Cache-aside: Redis first; on a miss the database, then a copy in Redis if Redis takes it. */
    public Optional<String> read(long id) {
        // TODO Task 5: GET key(id); on a miss, the database, then SET with the TTL; a full Redis must not fail
        //  the read.
        throw new UnsupportedOperationException(
                "TODO Task 5: implement ProfileCache.read (docs/11-memory-and-eviction.md, Task 5)");
    }

    /** The database first (the user's change is safe once it returns), then the cache. */
    public void update(long id, String body) {
        // TODO Task 5: save, then update the cached copy; when Redis refuses, make sure no old copy is served.
        throw new UnsupportedOperationException(
                "TODO Task 5: implement ProfileCache.update (docs/11-memory-and-eviction.md, Task 5)");
    }
}

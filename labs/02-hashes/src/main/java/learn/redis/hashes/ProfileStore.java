package learn.redis.hashes;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.RedisClient;

/**
 * Caches user profiles as Redis hashes: {@code profile:<id>} with the fields {@code name}, {@code email} and, only
 * when the user wrote one, {@code bio}. Every profile expires after the store's TTL.
 */
public final class ProfileStore {

    private final RedisClient redis;
    private final Duration ttl;

    public ProfileStore(RedisClient redis, Duration ttl) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        // PEXPIRE counts whole milliseconds: 0 (or less) would delete the profile the moment it is saved.
        if (ttl.toMillis() < 1) {
            throw new IllegalArgumentException("ttl must be at least 1 ms, was " + ttl);
        }
    }

    /** Stores the profile, replacing any cached version of it, and (re)starts its TTL. */
    public void save(UserProfile profile) {
        // TODO Task 1: write the profile as one hash (HSET with a map), replacing any older version, with the TTL;
        //  the delete, the write and the TTL as one step (MULTI/EXEC)
        throw new UnsupportedOperationException(
                "TODO Task 1: store the profile as a hash with a TTL (docs/02-hashes.md, Task 1)");
    }

    /** The cached profile, or empty when it is not cached. */
    public Optional<UserProfile> find(String id) {
        // TODO Task 1: read the hash back (HGETALL) and map it to a UserProfile; a missing key is a miss
        throw new UnsupportedOperationException(
                "TODO Task 1: read the profile hash back into a UserProfile (docs/02-hashes.md, Task 1)");
    }

    /** Only the named fields of a cached profile; fields it does not have are left out of the result. */
    public Map<String, String> fields(String id, String... names) {
        // TODO Task 2: read just these fields in one command (HMGET)
        throw new UnsupportedOperationException(
                "TODO Task 2: read only the named fields with HMGET (docs/02-hashes.md, Task 2)");
    }

    /**
     * Changes the email of a cached profile without touching its other fields or its TTL.
     *
     * @return false when the profile is not cached (nothing is written then)
     */
    public boolean changeEmail(String id, String email) {
        // TODO Task 2: set one field of an existing profile; never create a profile that is not cached. HSET has no
        //  "only if the key exists" option: check and write in one Lua script (redis.eval(script, keys, args))
        throw new UnsupportedOperationException(
                "TODO Task 2: change one field of a cached profile (docs/02-hashes.md, Task 2)");
    }

    /** Removes the bio. Returns whether there was one. */
    public boolean removeBio(String id) {
        // TODO Task 2: delete one field (HDEL)
        throw new UnsupportedOperationException(
                "TODO Task 2: remove the bio field with HDEL (docs/02-hashes.md, Task 2)");
    }

    /** Whether the cached profile has a bio. */
    public boolean hasBio(String id) {
        // TODO Task 2: ask whether the field exists (HEXISTS)
        throw new UnsupportedOperationException(
                "TODO Task 2: check for the bio field with HEXISTS (docs/02-hashes.md, Task 2)");
    }
}

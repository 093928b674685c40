package learn.redis.hashes;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.RedisClient;

/**
 * Caches user profiles as Redis hashes: {@code profile:<id>} with the fields {@code name}, {@code email} and, only
 * when the user wrote one, {@code bio}. Every profile expires after the store's TTL.
 */
public final class ProfileStore {

    // Sets the email only if the profile is still cached. A check in Java (EXISTS, then HSET) leaves a gap in
    // which the key can expire; the HSET would then create a hash holding nothing but an email, with no TTL.
    // MULTI/EXEC cannot close it: the queued EXISTS answers only at EXEC, after the HSET has run regardless.
    private static final String CHANGE_EMAIL_IF_CACHED = """
            if redis.call('EXISTS', KEYS[1]) == 0 then
              return 0
            end
            redis.call('HSET', KEYS[1], 'email', ARGV[1])
            return 1
            """;

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
    // tag::save[]
    public void save(UserProfile profile) {
        String key = key(profile.id());
        try (AbstractTransaction tx = redis.multi()) {
            // HSET merges into an existing hash: without the DEL, a bio removed since the last save would survive.
            // One transaction: no reader sees the profile missing between DEL and HSET, and no crash leaves it
            // without a TTL after HSET.
            tx.del(key);
            tx.hset(key, toHash(profile));
            tx.pexpire(key, ttl.toMillis());
            tx.exec();
        }
    }
    // end::save[]

    /** The cached profile, or empty when it is not cached. */
    // tag::find[]
    public Optional<UserProfile> find(String id) {
        Map<String, String> hash = redis.hgetAll(key(id));
        // A missing key reads as an empty map, never as null: "{}" is a miss, not a profile.
        if (hash.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(fromHash(id, hash));
    }
    // end::find[]

    /** Only the named fields of a cached profile; fields it does not have are left out of the result. */
    public Map<String, String> fields(String id, String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("name at least one field");
        }
        // One HMGET instead of HGETALL: a reader that needs two fields should not ship the whole hash.
        List<String> values = redis.hmget(key(id), names);
        Map<String, String> found = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            found.put(names[i], values.get(i));

        }
        return found;
    }

    /**
     * Changes the email of a cached profile without touching its other fields or its TTL.
     *
     * @return false when the profile is not cached (nothing is written then)
     */
    public boolean changeEmail(String id, String email) {
        if (email == null || email.isBlank()) {
            throw new IllegalArgumentException("email must be non-blank text, was '" + email + "'");
        }
        // HSET on an existing hash keeps the key's TTL (unlike SET on a string), so no EXPIRE is needed here.
        Object changed = redis.eval(CHANGE_EMAIL_IF_CACHED, List.of(key(id)), List.of(email));
        return Long.valueOf(1).equals(changed);
    }

    /** Removes the bio. Returns whether there was one. */
    public boolean removeBio(String id) {
        return redis.hdel(key(id), "bio") == 1;
    }

    /** Whether the cached profile has a bio. */
    public boolean hasBio(String id) {
        return redis.hexists(key(id), "bio");
    }

    private static String key(String id) {
        return "profile:" + id;
    }

    private static Map<String, String> toHash(UserProfile profile) {
        Map<String, String> hash = new HashMap<>();
        hash.put("name", profile.name());
        hash.put("email", profile.email());
        // No field for an absent bio: storing "null" or "" would read back as a bio.
        if (profile.bio() != null) {
            hash.put("bio", profile.bio());
        }
        return hash;
    }

    private static UserProfile fromHash(String id, Map<String, String> hash) {
        return new UserProfile(id, hash.get("name"), hash.get("email"), hash.get("bio"));
    }
}

package learn.redis.strings;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.RedisClient;

/** A cache of string values in Redis: every entry expires, batches take one round trip, nothing calls KEYS. */
public class StringCache {

    private final RedisClient redis;

    public StringCache(RedisClient redis) {
        this.redis = redis;
    }

    // ---- Task 1: cache entries that expire ----

    /** Stores {@code value} under {@code key} for {@code ttl}. A TTL below 1 ms is an IllegalArgumentException. */
    public void put(String key, String value, Duration ttl) {
        // TODO Task 1: SET the value with its expiry, in one command.
        throw new UnsupportedOperationException("TODO Task 1: implement StringCache.put (docs/01-strings.md, Task 1)");
    }

    /** The cached value, or empty when there is none. */
    public Optional<String> get(String key) {
        // TODO Task 1: GET the key; Jedis returns null for a missing key.
        throw new UnsupportedOperationException("TODO Task 1: implement StringCache.get (docs/01-strings.md, Task 1)");
    }

    /** Stores the entry only if the key does not exist yet; true if this call stored it. */
    public boolean putIfAbsent(String key, String value, Duration ttl) {
        // TODO Task 1: check and set in one atomic step.
        throw new UnsupportedOperationException(
                "TODO Task 1: implement StringCache.putIfAbsent (docs/01-strings.md, Task 1)");
    }

    /** Stores the entry so that it expires at {@code expiresAt}, value and deadline in one atomic step. */
    public void putUntil(String key, String value, Instant expiresAt) {
        // TODO Task 1: an absolute deadline instead of a TTL.
        throw new UnsupportedOperationException(
                "TODO Task 1: implement StringCache.putUntil (docs/01-strings.md, Task 1)");
    }

    // ---- Task 3: batches in one round trip ----

    /** The values of the keys that exist, in the order of {@code keys}; one round trip. */
    public Map<String, String> getAll(List<String> keys) {
        // TODO Task 3: one command for all the keys.
        throw new UnsupportedOperationException("TODO Task 3: implement StringCache.getAll (docs/01-strings.md, Task 3)");
    }

    /** Stores every entry with the same TTL; one round trip, and no key is ever without its TTL. */
    public void putAll(Map<String, String> entries, Duration ttl) {
        // TODO Task 3: many writes, each with its expiry, sent together.
        throw new UnsupportedOperationException("TODO Task 3: implement StringCache.putAll (docs/01-strings.md, Task 3)");
    }

    // ---- Task 4: TTL semantics ----

    /** What the server says about the key's expiry (see {@link TimeToLive#fromPttl(long)}). */
    public TimeToLive timeToLive(String key) {
        // TODO Task 4: ask the server, in milliseconds.
        throw new UnsupportedOperationException(
                "TODO Task 4: implement StringCache.timeToLive (docs/01-strings.md, Task 4)");
    }

    /** Replaces the value of an existing key, keeping its expiry; false (and no new key) when it does not exist. */
    public boolean replaceKeepingTtl(String key, String value) {
        // TODO Task 4: update without losing the TTL, and without creating the key.
        throw new UnsupportedOperationException(
                "TODO Task 4: implement StringCache.replaceKeepingTtl (docs/01-strings.md, Task 4)");
    }

    // ---- Task 6: invalidate a whole namespace ----

    /** Deletes every key that starts with {@code prefix} (taken literally) and returns how many; never uses KEYS. */
    public long evictPrefix(String prefix) {
        // TODO Task 6: walk the keyspace in steps and delete what matches.
        throw new UnsupportedOperationException(
                "TODO Task 6: implement StringCache.evictPrefix (docs/01-strings.md, Task 6)");
    }
}

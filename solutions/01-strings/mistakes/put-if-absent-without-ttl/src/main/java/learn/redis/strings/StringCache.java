package learn.redis.strings;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.ScanResult;

/** A cache of string values in Redis: every entry expires, batches take one round trip, nothing calls KEYS. */
public class StringCache {

    private final RedisClient redis;

    public StringCache(RedisClient redis) {
        this.redis = redis;
    }

    // ---- Task 1: cache entries that expire ----

    // tag::put[]
    public void put(String key, String value, Duration ttl) {
        // One command sets value and expiry together: SET then EXPIRE would leave a key that lives
        // forever if the client dies between the two.
        redis.set(key, value, SetParams.setParams().px(positiveMillis(ttl)));
    }
    // end::put[]

    public Optional<String> get(String key) {
        return Optional.ofNullable(redis.get(key));
    }

    public boolean putIfAbsent(String key, String value, Duration ttl) {
        // NX makes check-and-set one atomic step: EXISTS then SET lets two callers both "win".
        positiveMillis(ttl);
        return redis.setnx(key, value) == 1;

    }

    public void putUntil(String key, String value, Instant expiresAt) {
        // PXAT (Redis 6.2) writes value and absolute deadline in one command. A pipelined SET + EXPIREAT is
        // two commands: pipelining saves round trips but is not atomic, so a crash between them leaves a
        // key without a deadline.
        redis.set(key, value, SetParams.setParams().pxAt(expiresAt.toEpochMilli()));
    }

    // ---- Task 3: batches in one round trip ----

    public Map<String, String> getAll(List<String> keys) {
        if (keys.isEmpty()) {
            return Map.of(); // MGET needs at least one key
        }
        // One MGET instead of a GET per key: N round trips become one. Replies come in key order, null for a miss.
        List<String> values = redis.mget(keys.toArray(String[]::new));
        Map<String, String> found = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            if (values.get(i) != null) {
                found.put(keys.get(i), values.get(i));
            }
        }
        return found;
    }

    public void putAll(Map<String, String> entries, Duration ttl) {
        long millis = positiveMillis(ttl);
        // MSET cannot set an expiry. A pipeline of SET ... PX sends every write in one round trip,
        // and each key gets value and TTL atomically.
        try (AbstractPipeline pipeline = redis.pipelined()) {
            entries.forEach((key, value) -> pipeline.set(key, value, SetParams.setParams().px(millis)));
            pipeline.sync();
        }
    }

    // ---- Task 4: TTL semantics ----

    public TimeToLive timeToLive(String key) {
        return TimeToLive.fromPttl(redis.pttl(key));
    }

    public boolean replaceKeepingTtl(String key, String value) {
        // A plain SET discards the TTL, turning a cache entry into a permanent key. XX: only if present;
        // KEEPTTL (Redis 6.0): keep the deadline it already has.
        return "OK".equals(redis.set(key, value, SetParams.setParams().xx().keepTtl()));
    }

    // ---- Task 6: invalidate a whole namespace ----

    // tag::evict-prefix[]
    public long evictPrefix(String prefix) {
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("An empty prefix would evict every key in the database");
        }
        // SCAN walks the keyspace in small steps; KEYS would block the server for every client until done.
        ScanParams params = new ScanParams().match(escapeGlob(prefix) + "*").count(500);
        String cursor = ScanParams.SCAN_POINTER_START;
        long evicted = 0;
        do {
            ScanResult<String> page = redis.scan(cursor, params);
            // A page can be empty while the scan is not finished: only cursor "0" means done.
            if (!page.getResult().isEmpty()) {
                // UNLINK frees memory in a background thread; DEL would do it on the main thread.
                evicted += redis.unlink(page.getResult().toArray(String[]::new));
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return evicted;
    }
    // end::evict-prefix[]

    /** MATCH takes a glob pattern: a prefix such as "promo[2024]:" must match its brackets literally. */
    private static String escapeGlob(String literal) {
        StringBuilder escaped = new StringBuilder();
        for (char c : literal.toCharArray()) {
            if ("*?[]\\".indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    private static long positiveMillis(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero() || ttl.toMillis() == 0) {
            throw new IllegalArgumentException("A cache entry needs a TTL of at least 1 ms, got " + ttl);
        }
        return ttl.toMillis();
    }
}

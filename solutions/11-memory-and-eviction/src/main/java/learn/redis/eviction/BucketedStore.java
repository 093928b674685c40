package learn.redis.eviction;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * Task 2: many small values, one per numeric id, stored as fields of small hashes ("buckets") instead of one key
 * each. A key costs a dictionary entry, a key string, an object header and often a TTL slot; a field of a small
 * hash costs a few bytes inside one compact blob (a ziplist in Redis 6.2, a listpack in 7).
 */
public final class BucketedStore {

    private final UnifiedJedis redis;
    private final String prefix;
    private final int bucketSize;
    private final int maxValueBytes;

    // tag::limits[]
    public BucketedStore(UnifiedJedis redis, String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            throw new IllegalArgumentException("prefix must not be null or empty");
        }
        this.redis = redis;
        this.prefix = prefix;
        // A hash stays compact only while it has at most *-entries fields, each at most *-value bytes. Redis 7
        // renamed the settings (hash-max-listpack-*; the old names remain as aliases), 6.2 knows only the old ones.
        String family = serverIsAtLeast7() ? "listpack" : "ziplist";
        this.bucketSize = config("hash-max-" + family + "-entries");
        this.maxValueBytes = config("hash-max-" + family + "-value");
        if (bucketSize < 1) {
            throw new IllegalStateException("hash-max-" + family + "-entries is " + bucketSize
                    + ": no hash can stay compact on this server");
        }
    }
    // end::limits[]

    /** How many ids share one hash: the server's limit for a compact hash. */
    public int bucketSize() {
        return bucketSize;
    }

    // tag::bucketKey[]
    /** The hash that holds {@code id}: ids 0..bucketSize-1 share the first bucket, and so on. */
    public String bucketKey(long id) {
        requireId(id);
        return prefix + ":" + id / bucketSize;
    }
    // end::bucketKey[]

    public void put(long id, String value) {
        requireId(id);
        if (value == null) {
            throw new IllegalArgumentException("value must not be null");
        }
        // One value over the limit converts its whole bucket to a hashtable, silently: refuse it instead.
        int bytes = value.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxValueBytes) {
            throw new IllegalArgumentException("value of " + bytes + " bytes is over this server's limit of "
                    + maxValueBytes + " for a compact hash; store big values as keys of their own");
        }
        redis.hset(bucketKey(id), field(id), value);
    }

    public Optional<String> get(long id) {
        return Optional.ofNullable(redis.hget(bucketKey(id), field(id)));
    }

    private String field(long id) {
        // The position inside the bucket is enough: the bucket's key already says which block of ids it holds.
        return Long.toString(id % bucketSize);
    }

    private static void requireId(long id) {
        if (id < 0) {
            throw new IllegalArgumentException("id must be 0 or more, was " + id);
        }
    }

    private boolean serverIsAtLeast7() {
        String version = redis.info("server").lines()
                .filter(line -> line.startsWith("redis_version:"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("INFO server has no redis_version"))
                .substring("redis_version:".length()).trim();
        return Integer.parseInt(version.substring(0, version.indexOf('.'))) >= 7;
    }

    private int config(String name) {
        Map<String, String> reply = redis.configGet(name);
        String value = reply.get(name);
        if (value == null) {
            throw new IllegalStateException("CONFIG GET " + name + " returned nothing");
        }
        return Integer.parseInt(value);
    }
}

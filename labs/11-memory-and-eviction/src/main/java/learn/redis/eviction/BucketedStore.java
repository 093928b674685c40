package learn.redis.eviction;

import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * Task 2: many small values, one per numeric id, stored as fields of small hashes ("buckets") instead of one key
 * each, so that every bucket keeps the server's compact hash encoding.
 */
public final class BucketedStore {

    private final UnifiedJedis redis;
    private final String prefix;

    public BucketedStore(UnifiedJedis redis, String prefix) {
        this.redis = redis;
        this.prefix = prefix;
        // TODO Task 2: refuse an empty prefix; read from the server how many fields and how long a value a hash
        //  may have and stay compact (the settings are named differently in Redis 6.2 and 7).
        throw new UnsupportedOperationException(
                "TODO Task 2: implement the BucketedStore constructor (docs/11-memory-and-eviction.md, Task 2)");
    }

    /** How many ids share one hash: the server's limit for a compact hash. */
    public int bucketSize() {
        // TODO Task 2: the limit the constructor read.
        throw new UnsupportedOperationException(
                "TODO Task 2: implement BucketedStore.bucketSize (docs/11-memory-and-eviction.md, Task 2)");
    }

    /** The hash that holds {@code id}: ids 0..bucketSize-1 share the first bucket, and so on. */
    public String bucketKey(long id) {
        // TODO Task 2: prefix + ":" + the bucket's number; a negative id is refused.
        throw new UnsupportedOperationException(
                "TODO Task 2: implement BucketedStore.bucketKey (docs/11-memory-and-eviction.md, Task 2)");
    }

    public void put(long id, String value) {
        // TODO Task 2: refuse what would make the bucket lose its compact encoding, then write one field.
        throw new UnsupportedOperationException(
                "TODO Task 2: implement BucketedStore.put (docs/11-memory-and-eviction.md, Task 2)");
    }

    public Optional<String> get(long id) {
        // TODO Task 2: read the field back.
        throw new UnsupportedOperationException(
                "TODO Task 2: implement BucketedStore.get (docs/11-memory-and-eviction.md, Task 2)");
    }
}

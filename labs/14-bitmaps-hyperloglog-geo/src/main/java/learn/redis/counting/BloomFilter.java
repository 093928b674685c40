package learn.redis.counting;

import redis.clients.jedis.RedisClient;

/**
 * A Bloom filter in a plain Redis bitmap: "definitely never added" or "probably added". It answers for any number
 * of items in {@link #bits()} bits, never says no to an item that was added, and says yes to an item that was not
 * with about the false-positive rate it was sized for. (Redis Stack's RedisBloom module has a native type,
 * {@code BF.ADD}/{@code BF.EXISTS}; plain Redis 6.2 and 7 do not.)
 */
public class BloomFilter {

    private final RedisClient redis;
    private final String key;
    private final long bits;
    private final int hashes;

    /**
     * Sizes a filter for {@code expectedItems} items at {@code falsePositiveRate}: {@code m = -n ln p / (ln 2)^2}
     * bits and {@code k = (m / n) ln 2} hash functions, rounded.
     *
     * @throws IllegalArgumentException if expectedItems is not positive, the rate not strictly between 0 and 1, or
     *                                  the filter would need more bits than a Redis string holds (2^32)
     */
    public BloomFilter(RedisClient redis, String key, long expectedItems, double falsePositiveRate) {
        // TODO Task 5: check the arguments, then compute m (rounded up) and k (rounded, at least 1)
        this.redis = redis;
        this.key = key;
        this.bits = 0;
        this.hashes = 0;
        throw new UnsupportedOperationException(
                "TODO Task 5: size the filter (docs/14-bitmaps-hyperloglog-geo.md, Task 5)");
    }

    /** How many bits the filter has (m). */
    public long bits() {
        return bits;
    }

    /** How many bits each item sets (k). */
    public int hashes() {
        return hashes;
    }

    /** Adds an item: sets its k bits. */
    public void add(String item) {
        // TODO Task 5: set the k bits of BloomHashing.positions(item, hashes, bits) in one round trip
        //  (one BITFIELD SET u1 ... command)
        throw new UnsupportedOperationException(
                "TODO Task 5: add an item's bits (docs/14-bitmaps-hyperloglog-geo.md, Task 5)");
    }

    /** False: the item was certainly never added. True: it probably was. */
    public boolean mightContain(String item) {
        // TODO Task 5: read the k bits in one round trip (BITFIELD GET u1 ...); true only if all are 1
        throw new UnsupportedOperationException(
                "TODO Task 5: test an item's bits (docs/14-bitmaps-hyperloglog-geo.md, Task 5)");
    }
}

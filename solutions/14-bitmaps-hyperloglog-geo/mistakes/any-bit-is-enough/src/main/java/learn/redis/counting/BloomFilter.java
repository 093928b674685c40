package learn.redis.counting;

import java.util.ArrayList;
import java.util.List;
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
    // tag::sizing[]
    public BloomFilter(RedisClient redis, String key, long expectedItems, double falsePositiveRate) {
        if (expectedItems < 1) {
            throw new IllegalArgumentException("expectedItems must be at least 1, got " + expectedItems);
        }
        if (!(falsePositiveRate > 0 && falsePositiveRate < 1)) {
            throw new IllegalArgumentException("falsePositiveRate must be strictly between 0 and 1, got "
                    + falsePositiveRate);
        }
        double ln2 = Math.log(2);
        long m = (long) Math.ceil(-expectedItems * Math.log(falsePositiveRate) / (ln2 * ln2));
        if (m > 1L << 32) {
            throw new IllegalArgumentException("a filter for " + expectedItems + " items at " + falsePositiveRate
                    + " needs " + m + " bits, more than one Redis string holds (2^32): split it");
        }
        this.redis = redis;
        this.key = CountingKeys.id(key, "key");
        this.bits = m;
        this.hashes = (int) Math.max(1, Math.round((double) m / expectedItems * ln2));
    }
    // end::sizing[]

    /** How many bits the filter has (m). */
    public long bits() {
        return bits;
    }

    /** How many bits each item sets (k). */
    public int hashes() {
        return hashes;
    }

    /** Adds an item: sets its k bits. */
    // tag::add[]
    public void add(String item) {
        // One BITFIELD sets all k bits: one command, one round trip, and no reader ever sees half an item.
        redis.bitfield(key, ops("SET", item, "1"));
    }
    // end::add[]

    /** False: the item was certainly never added. True: it probably was. */
    // tag::mightContain[]
    public boolean mightContain(String item) {
        // BITFIELD GET reads the k bits in one command; fetching the whole bitmap would ship m/8 bytes per lookup.
        return redis.bitfield(key, ops("GET", item, null)).stream().anyMatch(bit -> bit == 1L);
    }
    // end::mightContain[]

    private String[] ops(String op, String item, String value) {
        List<String> args = new ArrayList<>();
        for (long position : BloomHashing.positions(item, hashes, bits)) {
            args.add(op);
            args.add("u1");
            args.add(Long.toString(position));
            if (value != null) {
                args.add(value);
            }
        }
        return args.toArray(String[]::new);
    }
}

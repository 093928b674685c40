package learn.redis.counting;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Where an item's bits are in a Bloom filter of {@code bits} bits with {@code hashes} hash functions. It derives the
 * k positions from two 64-bit halves of one SHA-256 digest, {@code h1 + i * h2} (Kirsch and Mitzenmacher, "Less
 * hashing, same performance", 2006): as good as k independent hashes for a Bloom filter, at the cost of one.
 */
public final class BloomHashing {

    private BloomHashing() {
    }

    /** The {@code hashes} bit offsets of {@code item}, each in {@code [0, bits)}. */
    public static long[] positions(String item, int hashes, long bits) {
        if (hashes < 1 || bits < 1) {
            throw new IllegalArgumentException("need at least one hash and one bit, got hashes=" + hashes
                    + ", bits=" + bits);
        }
        ByteBuffer digest = ByteBuffer.wrap(sha256(item));
        long h1 = digest.getLong();
        // An odd step never cycles back to h1 early when bits is a power of two.
        long h2 = digest.getLong() | 1;
        long[] positions = new long[hashes];
        for (int i = 0; i < hashes; i++) {
            positions[i] = Math.floorMod(h1 + i * h2, bits);
        }
        return positions;
    }

    private static byte[] sha256(String item) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(item.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform must provide SHA-256", e);
        }
    }
}

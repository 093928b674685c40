package learn.redis.eviction;

import org.apache.commons.math3.distribution.ZipfDistribution;
import org.apache.commons.math3.random.Well19937c;

/** Task 3: a skewed, repeatable sequence of requests: a few keys are asked for often, most rarely. */
public final class ZipfWorkload {

    private ZipfWorkload() {
    }

    // tag::keys[]
    /**
     * {@code requests} key numbers in {@code 0..keyCount-1}; key 0 is the most popular, key k is asked for about
     * 1/(k+1)^exponent as often. The same arguments always give the same sequence.
     */
    public static int[] keys(int keyCount, double exponent, int requests, long seed) {
        if (keyCount < 1 || requests < 1) {
            throw new IllegalArgumentException("keyCount and requests must be at least 1, were " + keyCount
                    + " and " + requests);
        }
        if (!(exponent > 0)) {
            throw new IllegalArgumentException("exponent must be above 0 (1.0 is classic Zipf), was " + exponent);
        }
        // A seeded generator of our own: the default one is seeded from the clock, and every run would differ.
        ZipfDistribution zipf = new ZipfDistribution(new Well19937c(seed), keyCount, exponent);
        int[] keys = new int[requests];
        for (int i = 0; i < requests; i++) {
            keys[i] = zipf.sample() - 1; // ranks are 1..keyCount; rank 1 is key 0
        }
        return keys;
    }
    // end::keys[]
}

package learn.redis.eviction;

/** Task 3: a skewed, repeatable sequence of requests: a few keys are asked for often, most rarely. */
public final class ZipfWorkload {

    private ZipfWorkload() {
    }

    /**
     * {@code requests} key numbers in {@code 0..keyCount-1}; key 0 is the most popular, key k is asked for about
     * 1/(k+1)^exponent as often. The same arguments always give the same sequence.
     */
    public static int[] keys(int keyCount, double exponent, int requests, long seed) {
        // TODO Task 3: refuse bad input; draw the keys from Commons Math's ZipfDistribution with a seeded generator.
        throw new UnsupportedOperationException(
                "TODO Task 3: implement ZipfWorkload.keys (docs/11-memory-and-eviction.md, Task 3)");
    }
}

package learn.redis.eviction;

import java.util.function.LongToDoubleFunction;

/** Task 4: the smallest cache that still reaches a target hit ratio, found with as few replays as possible. */
public final class MaxmemoryFinder {

    private MaxmemoryFinder() {
    }

    // tag::smallest[]
    /**
     * The smallest {@code maxmemory} in {@code [low, high]}, to within {@code resolution} bytes, at which
     * {@code hitRatioAt} reaches {@code target}. Each call of {@code hitRatioAt} is a whole replay, so this is a
     * binary search: it assumes a bigger cache never hits less often.
     */
    public static long smallest(LongToDoubleFunction hitRatioAt, double target, long low, long high,
                                long resolution) {
        if (!(target > 0 && target <= 1)) {
            throw new IllegalArgumentException("target hit ratio must be in (0, 1], was " + target);
        }
        if (low < 1 || high <= low || resolution < 1) {
            throw new IllegalArgumentException("need 1 <= low < high and resolution >= 1, were low=" + low
                    + " high=" + high + " resolution=" + resolution);
        }
        if (hitRatioAt.applyAsDouble(high) < target) {
            throw new IllegalStateException("even maxmemory " + high + " does not reach a hit ratio of " + target);
        }
        long tooSmall = low; // assumed to miss the target; `enough` is known to reach it
        long enough = high;
        while (enough - tooSmall > resolution) {
            long middle = tooSmall + (enough - tooSmall) / 2;
            if (hitRatioAt.applyAsDouble(middle) >= target) {
                enough = middle;
            } else {
                tooSmall = middle;
            }
        }
        return enough; // never tooSmall: that one was not shown to reach the target
    }
    // end::smallest[]
}

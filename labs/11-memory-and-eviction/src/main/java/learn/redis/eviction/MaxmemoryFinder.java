package learn.redis.eviction;

import java.util.function.LongToDoubleFunction;

/** Task 4: the smallest cache that still reaches a target hit ratio, found with as few replays as possible. */
public final class MaxmemoryFinder {

    private MaxmemoryFinder() {
    }

    /**
     * The smallest {@code maxmemory} in {@code [low, high]}, to within {@code resolution} bytes, at which
     * {@code hitRatioAt} reaches {@code target}. Each call of {@code hitRatioAt} is a whole replay.
     */
    public static long smallest(LongToDoubleFunction hitRatioAt, double target, long low, long high,
                                long resolution) {
        // TODO Task 4: refuse bad input; fail clearly if even `high` falls short; then search.
        throw new UnsupportedOperationException(
                "TODO Task 4: implement MaxmemoryFinder.smallest (docs/11-memory-and-eviction.md, Task 4)");
    }
}

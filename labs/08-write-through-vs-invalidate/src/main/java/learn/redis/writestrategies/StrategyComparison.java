package learn.redis.writestrategies;

import java.util.List;

/** Task 5: runs a workload through one strategy and sums up what it cost and what it served. */
public final class StrategyComparison {

    private StrategyComparison() {
    }

    /**
     * Runs {@code workload} in order through {@code cache}, counting the database work by the repository's
     * counters and a read as stale when it returns an older version than a write of this run already committed.
     */
    public static Summary measure(String strategy, ProductCache cache, ProductRepository products,
            List<Operation> workload) {
        // TODO Task 5: run each operation; count reads, writes, the repository's reads() and writes() during the
        //  run, and the reads that returned an older version than this run had committed for that product.
        throw new UnsupportedOperationException(
                "TODO Task 5: measure a workload (docs/08-write-through-vs-invalidate.md, Task 5)");
    }
}

package learn.redis.writestrategies;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Task 5: runs a workload through one strategy and sums up what it cost and what it served. */
public final class StrategyComparison {

    private StrategyComparison() {
    }

    // tag::measure[]
    /**
     * Runs {@code workload} in order through {@code cache}, counting the database work by the repository's
     * counters and a read as stale when it returns an older version than a write of this run already committed.
     */
    public static Summary measure(String strategy, ProductCache cache, ProductRepository products,
            List<Operation> workload) {
        Objects.requireNonNull(workload, "workload");
        long readsBefore = products.reads();
        long writesBefore = products.writes();
        // The newest committed version of every product this run wrote; nobody else writes during a run.
        Map<Long, Long> committedVersion = new HashMap<>();
        int reads = 0;
        int writes = 0;
        int stale = 0;
        for (Operation operation : workload) {
            if (operation.kind() == Operation.Kind.WRITE) {
                writes++;
                Product committed = cache.updatePrice(operation.productId(), operation.priceCents());
                committedVersion.put(committed.id(), committed.version());
            } else {
                reads++;
                long served = cache.find(operation.productId()).map(Product::version).orElse(0L);
                if (served < committedVersion.getOrDefault(operation.productId(), 0L)) {
                    stale++;
                }
            }
        }
        return new Summary(strategy, reads, writes, products.reads() - readsBefore,
                products.writes() - writesBefore, stale);
    }
    // end::measure[]
}

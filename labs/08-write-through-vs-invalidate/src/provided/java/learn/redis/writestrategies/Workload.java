package learn.redis.writestrategies;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded, repeatable workloads: the same seed gives the same operations, so every strategy meets the same load. */
public final class Workload {

    private Workload() {
    }

    /**
     * {@code operations} reads and writes over products {@code 1..products} ({@code db/data.sql} has 50). Like
     * most real traffic it is skewed: 80 % of the operations touch the first fifth of the products (the "hot" ones).
     *
     * @param writeShare the fraction of operations that are writes, e.g. 0.1
     */
    public static List<Operation> skewed(long seed, int operations, int products, double writeShare) {
        if (operations < 0 || products < 5 || writeShare < 0 || writeShare > 1) {
            throw new IllegalArgumentException("need operations >= 0, products >= 5 and 0 <= writeShare <= 1, got "
                    + operations + ", " + products + ", " + writeShare);
        }
        Random random = new Random(seed);
        int hot = products / 5;
        List<Operation> workload = new ArrayList<>(operations);
        for (int i = 0; i < operations; i++) {
            long id = random.nextDouble() < 0.8 ? 1 + random.nextInt(hot) : 1 + hot + random.nextInt(products - hot);
            workload.add(random.nextDouble() < writeShare
                    ? Operation.write(id, 100 + random.nextInt(9_900))
                    : Operation.read(id));
        }
        return workload;
    }
}

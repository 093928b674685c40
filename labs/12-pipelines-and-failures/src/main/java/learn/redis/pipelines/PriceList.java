package learn.redis.pipelines;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import redis.clients.jedis.RedisClient;

/**
 * A price list that readers see whole: every price of a publish appears at once, each with its TTL, and a read of
 * many prices is one consistent snapshot.
 */
public class PriceList {

    private final RedisClient redis;

    public PriceList(RedisClient redis) {
        this.redis = redis;
    }

    /** The key of a SKU's price: {@code price:<sku>}. */
    public static String key(String sku) {
        return "price:" + sku;
    }

    /** Stores every price (in cents) under price:SKU with the TTL, in one atomic step. Empty list: refused. */
    public void publish(Map<String, Long> centsBySku, Duration ttl) {
        // TODO Task 2: refuse an empty list and a TTL under 1 ms; then every SET ... PX in one MULTI/EXEC (or script).
        throw new UnsupportedOperationException("TODO Task 2: publish the prices atomically (docs/12-pipelines-and-failures.md, Task 2)");
    }

    /** The prices of those SKUs that have one, read at one instant. */
    public Map<String, Long> prices(Collection<String> skus) {
        // TODO Task 2: one MGET of every price:SKU key.
        throw new UnsupportedOperationException("TODO Task 2: read the prices with one MGET (docs/12-pipelines-and-failures.md, Task 2)");
    }
}

package learn.redis.pipelines;

import redis.clients.jedis.RedisClient;

/** Stock levels ({@code stock:<sku>}, a number) that are only ever decremented when enough is left. */
public class StockReservations {

    private final RedisClient redis;

    public StockReservations(RedisClient redis) {
        this.redis = redis;
    }

    public static String key(String sku) {
        return "stock:" + sku;
    }

    /** Takes {@code quantity} (at least 1) from the stock if that much is left; false, and nothing taken, if not. */
    public boolean reserve(String sku, int quantity) {
        // TODO Task 4: on one connection borrowed from the pool (and always given back): WATCH, GET, MULTI, DECRBY, EXEC.
        throw new UnsupportedOperationException("TODO Task 4: reserve on a borrowed connection (docs/12-pipelines-and-failures.md, Task 4)");
    }
}

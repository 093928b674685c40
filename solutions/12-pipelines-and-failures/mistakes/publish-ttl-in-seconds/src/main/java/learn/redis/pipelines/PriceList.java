package learn.redis.pipelines;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

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

    // tag::publish[]
    public void publish(Map<String, Long> centsBySku, Duration ttl) {
        if (centsBySku == null || centsBySku.isEmpty()) {
            throw new IllegalArgumentException("a price list needs at least one price");
        }
        SetParams expiring = SetParams.setParams().ex(Math.max(1, Ttl.millis(ttl) / 1000));
        // MULTI/EXEC: Redis runs the queued SETs one after the other with nothing in between, so no reader sees
        // half a list. A pipeline would be as fast but not atomic; MSET is atomic but cannot set a TTL. Jedis sends
        // MULTI and the queued commands together and EXEC after them: two round trips, whatever the list's size.
        try (AbstractTransaction transaction = redis.multi()) {
            centsBySku.forEach((sku, cents) -> transaction.set(key(sku), Long.toString(cents), expiring));
            transaction.exec();
        }
    }
    // end::publish[]

    public Map<String, Long> prices(Collection<String> skus) {
        List<String> list = List.copyOf(skus);
        if (list.isEmpty()) {
            return Map.of();
        }
        // One MGET: one command, so one snapshot (no publish can land between two of its reads) and one round trip.
        List<String> values = redis.mget(list.stream().map(PriceList::key).toArray(String[]::new));
        Map<String, Long> prices = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            if (values.get(i) != null) {
                prices.put(list.get(i), Long.parseLong(values.get(i)));
            }
        }
        return prices;
    }
}

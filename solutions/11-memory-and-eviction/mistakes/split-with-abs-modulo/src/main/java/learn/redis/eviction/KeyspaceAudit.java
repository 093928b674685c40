package learn.redis.eviction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/** Task 6: find big and hot keys and defuse a big one, without blocking the server on the way. */
public final class KeyspaceAudit {

    private static final int PAGE = 100;

    private final UnifiedJedis redis;

    public KeyspaceAudit(UnifiedJedis redis) {
        this.redis = redis;
    }

    // tag::biggest[]
    /** The {@code n} keys that cost the most memory, biggest first. */
    public List<KeySize> biggest(int n) {
        requirePositive(n);
        // SCAN walks the keyspace a page at a time between other clients' commands; KEYS would block them all.
        return top(n, key -> {
            Long bytes = redis.memoryUsage(key, 0);
            return bytes == null ? null : new KeySize(key, bytes); // null: expired or deleted since SCAN saw it
        },
                Comparator.comparingLong(KeySize::bytes).reversed());
    }
    // end::biggest[]

    // tag::hottest[]
    /** The {@code n} keys read or written most often lately, hottest first; needs an LFU policy. */
    public List<KeyHeat> hottest(int n) {
        requirePositive(n);
        String policy = redis.configGet("maxmemory-policy").get("maxmemory-policy");
        if (!policy.endsWith("-lfu")) {
            // Only LFU policies keep a frequency counter per key; under any other OBJECT FREQ is an error.
            throw new IllegalStateException("OBJECT FREQ needs maxmemory-policy allkeys-lfu or volatile-lfu; this"
                    + " server runs " + policy + " (redis-cli --hotkeys has the same requirement)");
        }
        return top(n, key -> new KeyHeat(key, redis.objectFreq(key)),
                Comparator.comparingLong(KeyHeat::frequency).reversed());
    }
    // end::hottest[]

    // tag::split[]
    /**
     * Moves the fields of the hash {@code key} into {@code parts} smaller hashes {@code key:0 .. key:(parts-1)}
     * (a field goes to part {@code Math.floorMod(hashCode, parts)}), then removes {@code key}. Returns the parts written.
     */
    public List<String> split(String key, int parts) {
        if (parts < 2) {
            throw new IllegalArgumentException("split into at least 2 parts, not " + parts);
        }
        if (!"hash".equals(redis.type(key))) {
            throw new IllegalArgumentException(key + " is not a hash (TYPE says " + redis.type(key) + ")");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < parts; i++) {
            names.add(key + ":" + i);
        }
        // HSCAN a page at a time: HGETALL on a big hash is one long command that every other client waits for.
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<Map.Entry<String, String>> page = redis.hscan(key, cursor, new ScanParams().count(PAGE));
            // One HSET per part and page, not one per field: a round trip costs more than a field.
            Map<String, Map<String, String>> batches = new HashMap<>();
            for (Map.Entry<String, String> field : page.getResult()) {
                String part = names.get(Math.abs(field.getKey().hashCode() % parts));
                batches.computeIfAbsent(part, name -> new HashMap<>()).put(field.getKey(), field.getValue());
            }
            batches.forEach(redis::hset);
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        // UNLINK frees the big value in a background thread; DEL would free it inside the command, blocking.
        redis.unlink(key);
        return names;
    }
    // end::split[]

    private <T> List<T> top(int n, Function<String, T> measure, Comparator<T> order) {
        List<T> all = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = redis.scan(cursor, new ScanParams().count(PAGE));
            // A page may be empty while the walk is not over: only cursor 0 ends it.
            for (String key : page.getResult()) {
                T measured = measure.apply(key);
                if (measured != null) {
                    all.add(measured);
                }
            }
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        all.sort(order);
        return List.copyOf(all.subList(0, Math.min(n, all.size())));
    }

    private static void requirePositive(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1, was " + n);
        }
    }
}

package learn.redis.hashes;

import redis.clients.jedis.RedisClient;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The way NOT to count, kept here as the counter-example of Task 3: all counters of a user in one JSON string,
 * read into Java, changed there and written back. Two such increments that overlap write the same number.
 * {@code betweenReadAndWrite} lets a test stop one increment exactly in that gap.
 */
final class JsonStringCounters {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RedisClient redis;
    private final Runnable betweenReadAndWrite;

    JsonStringCounters(RedisClient redis, Runnable betweenReadAndWrite) {
        this.redis = redis;
        this.betweenReadAndWrite = betweenReadAndWrite;
    }

    long increment(String userId, Counter counter) {
        String key = key(userId);
        String stored = redis.get(key);
        ObjectNode counters = stored == null ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(stored);
        long updated = counters.path(counter.field()).asLong(0) + 1;
        counters.put(counter.field(), updated);
        betweenReadAndWrite.run();
        redis.set(key, JSON.writeValueAsString(counters));
        return updated;
    }

    long get(String userId, Counter counter) {
        String stored = redis.get(key(userId));
        return stored == null ? 0 : JSON.readTree(stored).path(counter.field()).asLong(0);
    }

    private static String key(String userId) {
        return "activity-json:" + userId;
    }
}

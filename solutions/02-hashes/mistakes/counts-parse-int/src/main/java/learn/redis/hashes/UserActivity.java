package learn.redis.hashes;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.RedisClient;

/**
 * What a user did: the {@link Counter}s and the moment the user was first seen, all in the hash
 * {@code activity:<userId>} (fields {@code likes}, {@code posts}, {@code followers}, {@code first-seen}).
 */
public final class UserActivity {

    private static final String FIRST_SEEN = "first-seen";
    private static final String[] COUNTER_FIELDS = Arrays.stream(Counter.values()).map(Counter::field)
            .toArray(String[]::new);

    private final RedisClient redis;

    public UserActivity(RedisClient redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    /** Adds one to the counter and returns its new value. */
    // tag::increment[]
    public long increment(String userId, Counter counter) {
        // The server adds in one step: no read-modify-write in Java, so no increment can be lost between them.
        return redis.hincrBy(key(userId), counter.field(), 1);
    }
    // end::increment[]

    /** Every counter of the user; those never incremented read 0. */
    public Map<Counter, Long> counts(String userId) {
        // HMGET, not HGETALL: the hash also holds first-seen, which is not a counter.
        List<String> values = redis.hmget(key(userId), COUNTER_FIELDS);
        Map<Counter, Long> counts = new EnumMap<>(Counter.class);
        Counter[] counters = Counter.values();
        for (int i = 0; i < counters.length; i++) {
            counts.put(counters[i], values.get(i) == null ? 0L : (long) Integer.parseInt(values.get(i)));

        }
        return counts;
    }

    /**
     * Records when the user was first seen, unless that is already recorded.
     *
     * @return true if this call recorded it
     */
    // tag::markFirstSeen[]
    public boolean markFirstSeen(String userId, Instant at) {
        // HSETNX decides on the server: of many concurrent callers exactly one writes, the rest change nothing.
        return redis.hsetnx(key(userId), FIRST_SEEN, Long.toString(at.toEpochMilli())) == 1;
    }
    // end::markFirstSeen[]

    /** When the user was first seen, if recorded. */
    public Optional<Instant> firstSeen(String userId) {
        return Optional.ofNullable(redis.hget(key(userId), FIRST_SEEN))
                .map(millis -> Instant.ofEpochMilli(Long.parseLong(millis)));
    }

    private static String key(String userId) {
        return "activity:" + userId;
    }
}

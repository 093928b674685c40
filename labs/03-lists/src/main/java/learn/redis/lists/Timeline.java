package learn.redis.lists;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.RedisClient;

/**
 * Each user's timeline is the list {@code timeline:<userId>}, newest entry at the head, capped at {@code capacity}
 * entries: older ones are dropped as new ones arrive.
 */
public final class Timeline {

    private final RedisClient redis;
    private final int capacity;

    public Timeline(RedisClient redis, int capacity) {
        this.redis = Objects.requireNonNull(redis, "redis");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** Adds an entry at the top of the user's timeline, dropping the oldest beyond the capacity. */
    public void post(String userId, String entry) {
        // TODO Task 3: LPUSH, then LTRIM to exactly capacity entries
        // TODO Task 4: send both in one round trip (a transaction or a pipeline)
        throw new UnsupportedOperationException(
                "TODO Task 3: push and trim the timeline (docs/03-lists.md, Task 3)");
    }

    /** Posts the entry to every follower's timeline in one round trip (fan-out on write). */
    public void fanOut(Collection<String> followerIds, String entry) {
        // TODO Task 4: push and trim every follower's timeline in one pipeline
        throw new UnsupportedOperationException(
                "TODO Task 4: fan out in one pipeline (docs/03-lists.md, Task 4)");
    }

    /**
     * One page of the timeline, newest first: page 0 is the newest {@code pageSize} entries, page 1 the next, and
     * so on; a page past the end is empty.
     */
    public List<String> page(String userId, int page, int pageSize) {
        // TODO Task 3: read one page with LRANGE (both ends inclusive); refuse page < 0 and pageSize < 1
        throw new UnsupportedOperationException(
                "TODO Task 3: read a page with LRANGE (docs/03-lists.md, Task 3)");
    }
}

package learn.redis.lists;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.AbstractPipeline;
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
    // tag::post[]
    public void post(String userId, String entry) {
        String key = key(userId);
        // A pipeline: both commands leave in one write and both replies are read at the end, one round trip.
        // It is not atomic, and need not be: a reader may glimpse capacity + 1 entries for a moment, and a client
        // dying after the LPUSH leaves one extra entry that the next post trims away.
        try (AbstractPipeline pipeline = redis.pipelined()) {
            pipeline.lpush(key, entry);
            // LTRIM's stop index is inclusive: 0..capacity-1 keeps exactly capacity entries.
            pipeline.ltrim(key, 0, capacity - 1);
            pipeline.sync();
        }
    }
    // end::post[]

    /** Posts the entry to every follower's timeline in one round trip (fan-out on write). */
    // tag::fan-out[]
    public void fanOut(Collection<String> followerIds, String entry) {
        // pipelined() borrows a connection from the pool (waiting for one if all are busy) even when no command
        // follows: with nobody to post to, return before it.
        if (followerIds.isEmpty()) {
            return;
        }
        // A pipeline sends all pushes and trims in one go and reads all replies at the end: one round trip for
        // any number of followers instead of two per follower.
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (String followerId : followerIds) {
                pipeline.lpush(key(followerId), entry);
                pipeline.ltrim(key(followerId), 0, capacity - 1);
            }
            pipeline.sync();
        }
    }
    // end::fan-out[]

    /**
     * One page of the timeline, newest first: page 0 is the newest {@code pageSize} entries, page 1 the next, and
     * so on; a page past the end is empty.
     */
    // tag::page[]
    public List<String> page(String userId, int page, int pageSize) {
        if (page < 0 && pageSize < 1) {

            throw new IllegalArgumentException("page must be >= 0 and pageSize >= 1, were " + page + " and "
                    + pageSize);
        }
        long start = (long) page * pageSize;
        // LRANGE's stop is inclusive too: start + pageSize - 1, or each page would repeat the next one's first entry.
        return redis.lrange(key(userId), start, start + pageSize - 1);
    }
    // end::page[]

    private static String key(String userId) {
        return "timeline:" + userId;
    }
}

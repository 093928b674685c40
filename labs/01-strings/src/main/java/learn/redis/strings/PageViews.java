package learn.redis.strings;

import redis.clients.jedis.RedisClient;

/** Page view counters that stay exact however many servers count at once. */
public class PageViews {

    private final RedisClient redis;

    public PageViews(RedisClient redis) {
        this.redis = redis;
    }

    /** Counts one view of {@code page} and returns its new total. */
    public long record(String page) {
        // TODO Task 2: let Redis do the adding.
        throw new UnsupportedOperationException("TODO Task 2: implement PageViews.record (docs/01-strings.md, Task 2)");
    }

    /** Counts {@code views} (at least 1) views at once and returns the new total. */
    public long recordMany(String page, long views) {
        // TODO Task 2: a batch in one command; refuse views below 1.
        throw new UnsupportedOperationException(
                "TODO Task 2: implement PageViews.recordMany (docs/01-strings.md, Task 2)");
    }

    /** The total views of {@code page}, 0 if it has none. */
    public long views(String page) {
        // TODO Task 2: read the counter.
        throw new UnsupportedOperationException("TODO Task 2: implement PageViews.views (docs/01-strings.md, Task 2)");
    }
}

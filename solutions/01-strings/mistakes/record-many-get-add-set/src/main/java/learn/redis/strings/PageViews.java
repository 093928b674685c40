package learn.redis.strings;

import redis.clients.jedis.RedisClient;

/** Page view counters that stay exact however many servers count at once. */
public class PageViews {

    private final RedisClient redis;

    public PageViews(RedisClient redis) {
        this.redis = redis;
    }

    // tag::record[]
    public long record(String page) {
        // INCR reads, adds and writes inside the server in one step. GET, +1, SET from the client lets
        // two servers read the same value and both write value+1: one view is lost.
        return redis.incr(key(page));
    }
    // end::record[]

    public long recordMany(String page, long views) {
        if (views < 1) {
            throw new IllegalArgumentException("views must be at least 1, got " + views);
        }
        String value = redis.get(key(page));
        long count = (value == null ? 0 : Long.parseLong(value)) + views;
        redis.set(key(page), Long.toString(count));
        return count;

    }

    public long views(String page) {
        String value = redis.get(key(page));
        return value == null ? 0 : Long.parseLong(value); // a page nobody viewed has no key yet
    }

    private static String key(String page) {
        return "views:" + page;
    }
}

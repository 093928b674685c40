package learn.redis.streams;

import java.util.List;
import java.util.Map;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.resps.StreamEntry;

/** Task 1: an append-only event log in one stream, capped so it cannot grow without bound. */
public final class EventLog {

    private final RedisClient redis;
    private final String stream;
    private final long cap;

    /** A log in the stream {@code stream} that keeps about the newest {@code cap} entries (at least that many). */
    public EventLog(RedisClient redis, String stream, long cap) {
        if (cap <= 0) {
            throw new IllegalArgumentException("cap must be positive, was " + cap);
        }
        this.redis = redis;
        this.stream = stream;
        this.cap = cap;
    }

    /** Appends one entry and returns the id Redis gave it. */
    // tag::append[]
    public StreamEntryID append(Map<String, String> fields) {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("an entry needs at least one field");
        }
        // MAXLEN ~ trims in the same command, and only whole radix-tree nodes: cheap, and the log keeps at least
        // `cap` entries. Exact trimming (MAXLEN without ~) deletes single entries inside a node on every append;
        // a later XTRIM is a second command and lets the stream overshoot in between.
        return redis.xadd(stream, XAddParams.xAddParams().maxLen(cap).approximateTrimming(), fields);
    }
    // end::append[]

    /** The newest {@code count} entries, newest first. */
    public List<StreamEntry> newest(int count) {
        requirePositive(count);
        // XREVRANGE + - COUNT n reads from the end: the server never walks the older entries.
        return redis.xrevrange(stream, "+", "-", count);
    }

    /** Up to {@code count} entries after {@code id} (not including it), oldest first: the next page of the log. */
    // tag::after[]
    public List<StreamEntry> after(StreamEntryID id, int count) {
        requirePositive(count);
        // "(" makes the start exclusive (Redis 6.2+): the last entry of the previous page is not read twice.
        return redis.xrange(stream, "(" + id, "+", count);
    }
    // end::after[]

    private static void requirePositive(int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive, was " + count);
        }
    }
}

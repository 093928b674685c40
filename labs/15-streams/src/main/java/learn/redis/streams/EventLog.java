package learn.redis.streams;

import java.util.List;
import java.util.Map;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/** Task 1: an append-only event log in one stream, capped so it cannot grow without bound. */
public final class EventLog {

    private final RedisClient redis;
    private final String stream;
    private final long cap;

    /** A log in the stream {@code stream} that keeps about the newest {@code cap} entries (at least that many). */
    public EventLog(RedisClient redis, String stream, long cap) {
        // TODO Task 1: refuse a cap below 1 with an IllegalArgumentException
        this.redis = redis;
        this.stream = stream;
        this.cap = cap;
    }

    /** Appends one entry and returns the id Redis gave it. */
    public StreamEntryID append(Map<String, String> fields) {
        // TODO Task 1: one XADD that also trims the stream to about `cap` entries (refuse an empty map)
        throw new UnsupportedOperationException(
                "TODO Task 1: append with XADD ... MAXLEN ~ cap (docs/15-streams.md, Task 1)");
    }

    /** The newest {@code count} entries, newest first. */
    public List<StreamEntry> newest(int count) {
        // TODO Task 1: read from the end of the stream, at most `count` entries (refuse a count below 1)
        throw new UnsupportedOperationException(
                "TODO Task 1: newest with XREVRANGE ... COUNT (docs/15-streams.md, Task 1)");
    }

    /** Up to {@code count} entries after {@code id} (not including it), oldest first: the next page of the log. */
    public List<StreamEntry> after(StreamEntryID id, int count) {
        // TODO Task 1: the page of entries that follows `id` (refuse a count below 1)
        throw new UnsupportedOperationException(
                "TODO Task 1: after with XRANGE from just after id (docs/15-streams.md, Task 1)");
    }
}

package learn.redis.streams;

import java.time.Duration;
import redis.clients.jedis.RedisClient;

/**
 * Tasks 2 and 3: one named consumer of a consumer group. Entries are delivered at least once: an entry stays in the
 * group's pending entries list (PEL) until it is acknowledged, so a consumer that dies leaves it for another.
 */
public final class GroupConsumer {

    /** Where entries that failed too often go: {@code <stream>:dead}. */
    public static final String DEAD_LETTER_SUFFIX = ":dead";

    private final RedisClient redis;
    private final String stream;
    private final String group;
    private final String name;

    public GroupConsumer(RedisClient redis, String stream, String group, String name) {
        this.redis = redis;
        this.stream = stream;
        this.group = group;
        this.name = name;
    }

    /** Creates the group (and the stream if missing), reading from the start of the log; false if it existed. */
    public boolean createGroup() {
        // TODO Task 2: XGROUP CREATE with MKSTREAM; a group that already exists (BUSYGROUP) answers false
        throw new UnsupportedOperationException(
                "TODO Task 2: createGroup with XGROUP CREATE ... MKSTREAM (docs/15-streams.md, Task 2)");
    }

    /** Reads up to {@code count} entries never delivered to the group, handles each, acks those handled. */
    public int poll(int count, EntryHandler handler) {
        // TODO Task 2: XREADGROUP ... STREAMS stream >, the handler for each entry, XACK what was handled
        throw new UnsupportedOperationException(
                "TODO Task 2: poll with XREADGROUP and XACK (docs/15-streams.md, Task 2)");
    }

    /**
     * Claims entries pending for longer than {@code minIdle} from any consumer of the group (this one after a
     * restart included), {@code count} per round trip, and handles them; an entry delivered more than
     * {@code maxDeliveries} times goes to the dead-letter stream instead. Returns how many were handled.
     */
    public int recover(Duration minIdle, int count, int maxDeliveries, EntryHandler handler) {
        // TODO Task 3: XAUTOCLAIM page by page, XPENDING for delivery counts, dead letters in MULTI/EXEC
        throw new UnsupportedOperationException(
                "TODO Task 3: recover with XAUTOCLAIM (docs/15-streams.md, Task 3)");
    }
}

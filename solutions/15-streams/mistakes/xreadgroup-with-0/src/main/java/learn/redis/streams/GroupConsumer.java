package learn.redis.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XAutoClaimParams;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamPendingEntry;

/**
 * Tasks 2 and 3: one named consumer of a consumer group. Entries are delivered at least once: an entry stays in the
 * group's pending entries list (PEL) until it is acknowledged, so a consumer that dies leaves it for another.
 */
public final class GroupConsumer {

    /** Where entries that failed too often go: {@code <stream>:dead}. */
    public static final String DEAD_LETTER_SUFFIX = ":dead";

    private static final StreamEntryID START = new StreamEntryID();

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
    // tag::createGroup[]
    public boolean createGroup() {
        try {
            // MKSTREAM: a consumer may start before the first producer, and XGROUP CREATE on a missing key fails.
            redis.xgroupCreate(stream, group, START, true);
            return true;
        } catch (JedisDataException e) {
            // Every instance of a service runs this at start-up: the second one finds the group there.
            if (String.valueOf(e.getMessage()).startsWith("BUSYGROUP")) {
                return false;
            }
            throw e;
        }
    }
    // end::createGroup[]

    /** Reads up to {@code count} entries never delivered to the group, handles each, acks those handled. */
    // tag::poll[]
    public int poll(int count, EntryHandler handler) {
        requirePositive(count, "count");
        // ">" asks for entries never delivered to anyone in the group; an id (such as 0) would re-read only this
        // consumer's own pending entries and never see a new one.
        Map<String, List<StreamEntry>> read = redis.xreadGroupAsMap(group, name,
                XReadGroupParams.xReadGroupParams().count(count),
                Map.of(stream, START));
        List<StreamEntry> entries = read == null ? List.of() : read.getOrDefault(stream, List.of());
        List<StreamEntryID> handled = new ArrayList<>();
        try {
            for (StreamEntry entry : entries) {
                handler.handle(entry);
                handled.add(entry.getID()); // acked only once handled: a crash leaves the rest pending
            }
        } finally {
            ack(handled);
        }
        return entries.size();
    }
    // end::poll[]

    /**
     * Claims entries pending for longer than {@code minIdle} from any consumer of the group (this one after a
     * restart included), {@code count} per round trip, and handles them; an entry delivered more than
     * {@code maxDeliveries} times goes to the dead-letter stream instead. Returns how many were handled.
     */
    // tag::recover[]
    public int recover(Duration minIdle, int count, int maxDeliveries, EntryHandler handler) {
        if (minIdle == null || minIdle.isNegative()) {
            throw new IllegalArgumentException("minIdle must be zero or more, was " + minIdle);
        }
        requirePositive(count, "count");
        requirePositive(maxDeliveries, "maxDeliveries");
        int handled = 0;
        StreamEntryID cursor = START;
        do {
            // XAUTOCLAIM scans the PEL from the cursor and claims what has been idle long enough, in one command:
            // no XPENDING + XCLAIM per entry. It returns the cursor to scan from next (0-0 at the end).
            Map.Entry<StreamEntryID, List<StreamEntry>> page = redis.xautoclaim(stream, group, name,
                    minIdle.toMillis(), cursor, XAutoClaimParams.xAutoClaimParams().count(count));
            handled += handleClaimed(page.getValue(), cursor, page.getKey(), maxDeliveries, handler);
            cursor = page.getKey();
        } while (!cursor.equals(START));
        return handled;
    }
    // end::recover[]

    /** Handles one page of claimed entries, which lie between {@code from} and {@code next} in the PEL. */
    // tag::handleClaimed[]
    private int handleClaimed(List<StreamEntry> claimed, StreamEntryID from, StreamEntryID next, int maxDeliveries,
            EntryHandler handler) {
        if (claimed.isEmpty()) {
            return 0;
        }
        // XAUTOCLAIM raised each claimed entry's delivery count; XPENDING over the scanned range reports it. The range
        // may also hold entries this consumer owned before and did not claim now (still too young after a crash):
        // they stay pending, untouched.
        Map<StreamEntryID, Long> deliveries = ownPending(from, next, claimed.size() + 1);
        List<StreamEntryID> done = new ArrayList<>();
        int handled = 0;
        try {
            for (StreamEntry entry : claimed) {
                if (entry == null) {
                    continue; // Redis 6.2: an entry deleted (or trimmed away) while pending; acked below
                }
                Long delivered = deliveries.remove(entry.getID());
                if (delivered != null && delivered > maxDeliveries) {
                    deadLetter(entry, delivered);
                } else {
                    handler.handle(entry);
                    done.add(entry.getID());
                    handled++;
                }
            }
            // Redis 6.2 replies nil (Jedis: null) for an entry deleted while pending and keeps it in the PEL; Redis 7
            // drops it from the PEL itself (XAUTOCLAIM's third reply element). A nil carries no id: ack the own
            // pending entries of the range that are gone from the stream (XRANGE id id is empty), and only those.
            if (claimed.contains(null)) {
                deliveries.keySet().stream().filter(id -> redis.xrange(stream, id, id).isEmpty()).forEach(done::add);
            }
        } finally {
            ack(done);
        }
        return handled;
    }

    /** This consumer's pending entries from {@code from} up to {@code next} (the end if 0-0): their delivery counts. */
    private Map<StreamEntryID, Long> ownPending(StreamEntryID from, StreamEntryID next, int pageSize) {
        Map<StreamEntryID, Long> deliveries = new LinkedHashMap<>();
        String start = from.toString();
        String end = next.equals(START) ? "+" : "(" + next;
        List<StreamPendingEntry> page;
        do {
            page = redis.xpending(stream, group, XPendingParams.xPendingParams(start, end, pageSize).consumer(name));
            page.forEach(pending -> deliveries.put(pending.getID(), pending.getDeliveredTimes()));
            if (!page.isEmpty()) {
                start = "(" + page.get(page.size() - 1).getID();
            }
        } while (page.size() == pageSize);
        return deliveries;
    }
    // end::handleClaimed[]

    // tag::deadLetter[]
    private void deadLetter(StreamEntry entry, long deliveries) {
        Map<String, String> fields = new HashMap<>(entry.getFields());
        fields.put("origin-id", entry.getID().toString());
        fields.put("deliveries", Long.toString(deliveries));
        // MULTI/EXEC: a crash between the two would dead-letter the entry again on the next recovery.
        try (AbstractTransaction tx = redis.multi()) {
            tx.xadd(stream + DEAD_LETTER_SUFFIX, XAddParams.xAddParams(), fields);
            tx.xack(stream, group, entry.getID());
            tx.exec();
        }
    }
    // end::deadLetter[]

    private void ack(List<StreamEntryID> ids) {
        if (!ids.isEmpty()) {
            redis.xack(stream, group, ids.toArray(StreamEntryID[]::new));
        }
    }

    private static void requirePositive(int value, String what) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, was " + value);
        }
    }
}

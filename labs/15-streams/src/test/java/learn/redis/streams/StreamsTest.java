package learn.redis.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import learn.redis.support.CommandMonitor;
import learn.redis.support.CommandMonitor.Command;
import learn.redis.support.RedisLab;
import learn.redis.support.RedisStats;
import learn.redis.support.SqlRecorder;
import learn.redis.support.Task;
import learn.redis.support.Todo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.XClaimParams;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntry;
import redis.clients.jedis.resps.StreamPendingEntry;

@RedisLab
@DisplayName("Lab 15: streams (a log, consumer groups, crash recovery, cache maintenance by events)")
class StreamsTest {

    private static final StreamEntryID START = new StreamEntryID();

    /** What Redis 6.2 does with an entry deleted while pending: the explanation of a null where an entry was due. */
    static final String NIL_ENTRY = "on Redis 6.2, XAUTOCLAIM answers nil for an entry deleted (or trimmed) while"
            + " pending and keeps it in the PEL, and Jedis puts null in the list of claimed entries in its place (Redis"
            + " 7 leaves it out and drops it from the PEL). Skip null entries, do not process them, and ack the"
            + " deleted entry";

    /** A consumer dying at one exact point: thrown by a test's hook, it must pass through the code under test. */
    static final class Crash extends RuntimeException {
        Crash(String where) {
            super("simulated crash " + where);
        }
    }

    /** Handles entries by remembering them; throws a Crash on the entry ids it is told to. */
    static final class Recording implements EntryHandler {
        final List<StreamEntry> handled = new ArrayList<>();
        final List<StreamEntryID> crashOn = new ArrayList<>();

        @Override
        public void handle(StreamEntry entry) {
            assertThat(entry).as(NIL_ENTRY + "; the handler was given that null").isNotNull();
            assertThat(entry.getFields())
                    .as("the handler was given entry %s without fields: it was deleted (or trimmed) from the stream"
                            + " while pending; ack it, do not process it", entry.getID())
                    .isNotNull();
            if (crashOn.contains(entry.getID())) {
                throw new Crash("while handling " + entry.getID());
            }
            handled.add(entry);
        }

        List<StreamEntryID> ids() {
            return handled.stream().map(StreamEntry::getID).toList();
        }
    }

    static List<StreamEntryID> append(RedisClient redis, String stream, int count) {
        return IntStream.rangeClosed(1, count)
                .mapToObj(n -> redis.xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("n", Integer.toString(n))))
                .toList();
    }

    static List<StreamPendingEntry> pending(RedisClient redis, String stream, String group) {
        return redis.xpending(stream, group, XPendingParams.xPendingParams("-", "+", 1000));
    }

    static List<StreamEntryID> pendingIds(RedisClient redis, String stream, String group) {
        return pending(redis, stream, group).stream().map(StreamPendingEntry::getID).toList();
    }

    /** {@code consumer} reads {@code count} entries of a new group and dies before acking any. */
    static void readWithoutAck(RedisClient redis, String stream, String group, String consumer, int count) {
        redis.xreadGroupAsMap(group, consumer, XReadGroupParams.xReadGroupParams().count(count),
                Map.of(stream, StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY));
    }

    static Throwable thrownBy(Runnable action) {
        Throwable thrown = catchThrowable(action::run);
        return thrown == null ? null : Todo.surfacing(thrown);
    }

    @Nested
    @Task(value = 1, points = 10)
    @DisplayName("Task 1: a capped event log, read by range and from the newest end")
    class Task1_Log {

        @Test
        @DisplayName("append is one XADD that caps the stream with MAXLEN ~ (approximate), and returns the new id")
        void appendCapsApproximatelyInTheSameCommand(RedisClient redis, RedisStats stats, CommandMonitor monitor) {
            EventLog log = new EventLog(redis, "events", 50);
            stats.reset();

            StreamEntryID id = log.append(Map.of("type", "signup", "user", "42"));

            List<Command> xadds = monitor.commands("xadd");
            assertThat(xadds).as("append should send one XADD").hasSize(1);
            List<String> args = xadds.get(0).args().stream().map(String::toUpperCase).toList();
            assertThat(args)
                    .as("XADD events MAXLEN ~ 50 * ...: the cap goes in the XADD itself. Without MAXLEN the log"
                            + " grows until Redis runs out of memory; without ~ every append trims exactly (single"
                            + " entries inside a node, slower) where approximate trimming drops whole nodes. Sent: %s",
                            xadds.get(0))
                    .containsSubsequence("MAXLEN", "~", "50");
            assertThat(stats.calls("xtrim"))
                    .as("XTRIM after XADD: a second command, and the stream overshoots in between. Trim in the XADD")
                    .isZero();
            assertThat(redis.xrevrange("events", "+", "-", 1).get(0).getID())
                    .as("append should return the id Redis gave the entry (the newest in the stream)")
                    .isEqualTo(id);
        }

        @Test
        @DisplayName("a log capped at 10 keeps at least 10 entries and never grows far past its cap")
        void capKeepsTheLogBounded(RedisClient redis) {
            EventLog log = new EventLog(redis, "events", 10);

            List<StreamEntryID> ids = IntStream.rangeClosed(1, 500)
                    .mapToObj(n -> log.append(Map.of("n", Integer.toString(n)))).toList();

            assertThat(redis.xlen("events"))
                    .as("after 500 appends to a log capped at ~10, its length: approximate trimming keeps at least"
                            + " the cap and removes whole nodes (100 entries each by default), so it stays under 110")
                    .isBetween(10L, 110L);
            assertThat(redis.xrevrange("events", "+", "-", 1).get(0).getID())
                    .as("trimming removes the oldest entries, never the newest")
                    .isEqualTo(ids.get(ids.size() - 1));
        }

        @Test
        @DisplayName("newest(n) reads the last n entries, newest first, with one XREVRANGE ... COUNT n")
        void newestReadsFromTheEnd(RedisClient redis, RedisStats stats, CommandMonitor monitor) {
            List<StreamEntryID> ids = append(redis, "events", 30);
            EventLog log = new EventLog(redis, "events", 1000);
            stats.reset();

            List<StreamEntry> newest = log.newest(3);

            assertThat(newest.stream().map(StreamEntry::getID).toList())
                    .as("newest(3) of 30 entries: the last three, newest first")
                    .containsExactly(ids.get(29), ids.get(28), ids.get(27));
            assertThat(stats.calls("xrevrange"))
                    .as("one XREVRANGE + - COUNT 3 reads from the end; XRANGE of everything then keeping the last"
                            + " three reads the whole log (and XLEN first is a second round trip)")
                    .isEqualTo(1);
            assertThat(stats.calls("xrange") + stats.calls("xlen")).as("no XRANGE or XLEN besides").isZero();
            assertThat(monitor.commands("xrevrange").get(0).args().stream().map(String::toUpperCase).toList())
                    .as("XREVRANGE without COUNT returns the whole stream")
                    .containsSubsequence("COUNT", "3");
        }

        @Test
        @DisplayName("after(id, n) pages through the log: each page starts right after the previous page's last id")
        void afterPagesWithoutRepeats(RedisClient redis) {
            List<StreamEntryID> ids = append(redis, "events", 25);
            EventLog log = new EventLog(redis, "events", 1000);

            List<StreamEntryID> seen = new ArrayList<>();
            List<Integer> pageSizes = new ArrayList<>();
            StreamEntryID cursor = START;
            for (List<StreamEntry> page = log.after(cursor, 10); !page.isEmpty() && pageSizes.size() < 10;
                    page = log.after(cursor, 10)) {
                pageSizes.add(page.size());
                page.forEach(entry -> seen.add(entry.getID()));
                cursor = page.get(page.size() - 1).getID();
            }

            assertThat(seen)
                    .as("entries read twice while paging: each page started with the previous page's last entry, so"
                            + " the start id was inclusive. XRANGE stream (id + COUNT n: \"(\" makes the start"
                            + " exclusive (Redis 6.2+)")
                    .doesNotHaveDuplicates();
            assertThat(pageSizes)
                    .as("25 entries in pages of 10: 10, 10, 5. Is COUNT passed to XRANGE?")
                    .containsExactly(10, 10, 5);
            assertThat(seen).as("every entry once, oldest first").containsExactlyElementsOf(ids);
        }

        @Test
        @DisplayName("a cap or a count below 1 and an entry without fields are refused with IllegalArgumentException")
        void refusesBadInput(RedisClient redis) {
            EventLog log = new EventLog(redis, "events", 10);

            assertThat(thrownBy(() -> log.newest(0))).as("newest(0)").isInstanceOf(IllegalArgumentException.class);
            assertThat(thrownBy(() -> log.after(START, 0))).as("after(id, 0)")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(thrownBy(() -> log.append(Map.of()))).as("append of no fields (XADD needs at least one)")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(thrownBy(() -> new EventLog(redis, "events", 0)))
                    .as("a log capped at 0: refuse it in the constructor (MAXLEN ~ 0 would empty the log)")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(thrownBy(() -> new EventLog(redis, "events", -5))).as("a negative cap")
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @Task(value = 2, points = 12)
    @DisplayName("Task 2: a consumer group: create it once, read new entries with >, ack after processing")
    class Task2_ConsumerGroup {

        /** Checked first after a poll: reading with 0 instead of > fails many tests, and this names it. */
        private void readsWithGreaterThan(CommandMonitor monitor) {
            List<Command> reads = monitor.commands("xreadgroup");
            assertThat(reads).as("poll reads with XREADGROUP").isNotEmpty();
            assertThat(reads.stream().map(c -> c.args().get(c.args().size() - 1)).toList())
                    .as("the id after STREAMS in each XREADGROUP must be >: never delivered to this group. 0 re-reads"
                            + " only this consumer's own pending entries and never sees a new one. Sent: %s", reads)
                    .containsOnly(">");
        }

        @Test
        @DisplayName("createGroup works before the stream exists (MKSTREAM), and a second call returns false")
        void createGroupOnceAndAgain(RedisClient redis) {
            GroupConsumer consumer = new GroupConsumer(redis, "orders", "billing", "billing-1");

            assertThat(consumer.createGroup()).as("the first createGroup creates the group").isTrue();
            assertThat(redis.xinfoGroups("orders"))
                    .as("XGROUP CREATE orders billing 0 MKSTREAM: without MKSTREAM it fails while no producer has"
                            + " written yet (the key does not exist)")
                    .hasSize(1);
            Throwable second = thrownBy(() -> assertThat(
                    new GroupConsumer(redis, "orders", "billing", "billing-2").createGroup())
                    .as("createGroup when the group exists should return false").isFalse());
            assertThat(second)
                    .as("every instance runs createGroup at start-up: the second one gets BUSYGROUP from Redis, which"
                            + " should be caught and answered with false, not thrown")
                    .isNull();
        }

        @Test
        @DisplayName("createGroup swallows only BUSYGROUP: another error (the key holds a string) comes out")
        void createGroupLetsOtherErrorsThrough(RedisClient redis) {
            redis.set("orders", "not a stream");

            Throwable thrown = thrownBy(() -> new GroupConsumer(redis, "orders", "billing", "billing-1").createGroup());

            assertThat(thrown)
                    .as("createGroup on a key that holds a string: Redis answers WRONGTYPE, and it must come out as a"
                            + " JedisDataException. Caught and answered with false (catching every JedisDataException"
                            + " instead of only BUSYGROUP), the service starts with no group and fails later, far from"
                            + " the cause")
                    .isInstanceOf(JedisDataException.class)
                    .hasMessageContaining("WRONGTYPE");
        }

        @Test
        @DisplayName("a group created on a log that already has entries delivers them too (it starts at 0, not $)")
        void groupReadsTheLogFromTheStart(RedisClient redis, CommandMonitor monitor) {
            List<StreamEntryID> ids = append(redis, "orders", 2);
            GroupConsumer consumer = new GroupConsumer(redis, "orders", "billing", "billing-1");
            Recording handler = new Recording();

            consumer.createGroup();
            consumer.poll(10, handler);

            readsWithGreaterThan(monitor);
            assertThat(handler.ids())
                    .as("the entries written before the group existed: XGROUP CREATE ... $ starts after the last"
                            + " entry, so a consumer deployed after its producer silently skips what was already"
                            + " written. Start the group at 0")
                    .containsExactlyElementsOf(ids);
        }

        @Test
        @DisplayName("poll reads new entries with XREADGROUP ... > in order, handles each and acks them")
        void pollReadsNewEntriesAndAcks(RedisClient redis, RedisStats stats, CommandMonitor monitor) {
            List<StreamEntryID> ids = append(redis, "orders", 3);
            redis.xgroupCreate("orders", "billing", START, false);
            GroupConsumer consumer = new GroupConsumer(redis, "orders", "billing", "billing-1");
            Recording handler = new Recording();
            stats.reset();

            int read = consumer.poll(10, handler);

            readsWithGreaterThan(monitor);
            assertThat(handler.ids()).as("the handler should get the three entries, oldest first")
                    .containsExactlyElementsOf(ids);
            assertThat(read).as("poll returns how many entries it read").isEqualTo(3);
            assertThat(pendingIds(redis, "orders", "billing"))
                    .as("the pending entries list after poll: never acking leaves every entry pending forever, and"
                            + " the PEL grows without bound")
                    .isEmpty();
            assertThat(stats.calls("xack")).as("entries are acked with XACK").isPositive();
        }

        @Test
        @DisplayName("two consumers of one group share the entries: each entry goes to one of them")
        void consumersShareTheWork(RedisClient redis, CommandMonitor monitor) {
            List<StreamEntryID> ids = append(redis, "orders", 6);
            redis.xgroupCreate("orders", "billing", START, false);
            GroupConsumer a = new GroupConsumer(redis, "orders", "billing", "billing-a");
            GroupConsumer b = new GroupConsumer(redis, "orders", "billing", "billing-b");
            Recording onA = new Recording();
            Recording onB = new Recording();

            a.poll(2, onA);
            b.poll(2, onB);
            a.poll(2, onA);

            readsWithGreaterThan(monitor);
            assertThat(onB.ids()).as("b polled second: it should get entries 3 and 4 (COUNT 2)")
                    .containsExactly(ids.get(2), ids.get(3));
            assertThat(onA.ids()).as("a gets the others, none twice")
                    .containsExactly(ids.get(0), ids.get(1), ids.get(4), ids.get(5));
        }

        @Test
        @DisplayName("a crash while handling an entry leaves it and the rest of the batch pending")
        void crashLeavesTheRestPending(RedisClient redis, CommandMonitor monitor) {
            List<StreamEntryID> ids = append(redis, "orders", 4);
            redis.xgroupCreate("orders", "billing", START, false);
            GroupConsumer consumer = new GroupConsumer(redis, "orders", "billing", "billing-1");
            Recording handler = new Recording();
            handler.crashOn.add(ids.get(1));

            Throwable crash = thrownBy(() -> consumer.poll(10, handler));

            readsWithGreaterThan(monitor);
            assertThat(crash).as("the handler's exception should come out of poll, not be swallowed")
                    .isInstanceOf(Crash.class);
            assertThat(pendingIds(redis, "orders", "billing"))
                    .as("entries 2 (crashed) to 4 (never handled) must stay pending for recovery. Missing ones were"
                            + " acked before they were processed: XACK only after the handler returned")
                    .containsAll(ids.subList(1, 4));
            assertThat(pending(redis, "orders", "billing"))
                    .as("pending entries belong to the consumer that read them")
                    .allMatch(p -> p.getConsumerName().equals("billing-1"));
        }

        @Test
        @DisplayName("polling again reads only what is new: processed entries are not delivered again")
        void pollAgainReadsOnlyNewEntries(RedisClient redis, CommandMonitor monitor) {
            List<StreamEntryID> ids = append(redis, "orders", 2);
            redis.xgroupCreate("orders", "billing", START, false);
            GroupConsumer consumer = new GroupConsumer(redis, "orders", "billing", "billing-1");
            Recording handler = new Recording();

            consumer.poll(10, handler);
            int again = consumer.poll(10, handler);
            StreamEntryID third = redis.xadd("orders", StreamEntryID.NEW_ENTRY, Map.of("n", "3"));
            int afterAppend = consumer.poll(10, handler);

            readsWithGreaterThan(monitor);
            assertThat(List.of(again, afterAppend)).as("entries read by a second poll, then by a poll after a third"
                    + " entry was appended").containsExactly(0, 1);
            assertThat(handler.ids()).as("each entry handled once")
                    .containsExactly(ids.get(0), ids.get(1), third);
        }

        @Test
        @DisplayName("a count below 1 is refused with IllegalArgumentException")
        void refusesBadCount(RedisClient redis) {
            GroupConsumer consumer = new GroupConsumer(redis, "orders", "billing", "billing-1");

            assertThat(thrownBy(() -> consumer.poll(0, new Recording()))).as("poll(0, ...)")
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @Task(value = 3, points = 14)
    @DisplayName("Task 3: crash recovery: claim idle entries with XAUTOCLAIM, dead-letter the ones that keep failing")
    class Task3_Recovery {

        /** {@code count} entries read by billing-a, which then died: pending, never acked. */
        private List<StreamEntryID> leftPendingByA(RedisClient redis, int count) {
            List<StreamEntryID> ids = append(redis, "orders", count);
            redis.xgroupCreate("orders", "billing", START, false);
            readWithoutAck(redis, "orders", "billing", "billing-a", count);
            return ids;
        }

        @Test
        @DisplayName("recover claims a dead consumer's idle entries with XAUTOCLAIM, handles and acks them")
        void recoverClaimsIdleEntries(RedisClient redis, RedisStats stats) {
            List<StreamEntryID> ids = leftPendingByA(redis, 3);
            GroupConsumer b = new GroupConsumer(redis, "orders", "billing", "billing-b");
            Recording handler = new Recording();
            stats.reset();

            int recovered = b.recover(Duration.ZERO, 10, 5, handler);

            assertThat(handler.ids()).as("b should handle the three entries a left pending, in order")
                    .containsExactlyElementsOf(ids);
            assertThat(recovered).as("recover returns how many it handled").isEqualTo(3);
            assertThat(pendingIds(redis, "orders", "billing")).as("recovered entries are acked").isEmpty();
            assertThat(stats.calls("xautoclaim"))
                    .as("claim with XAUTOCLAIM: one command finds and claims idle entries (Redis 6.2+)")
                    .isPositive();
            assertThat(stats.calls("xclaim"))
                    .as("XPENDING then one XCLAIM per entry is a round trip per entry (an XCLAIM storm when many"
                            + " consumers recover at once): XAUTOCLAIM claims a page per command")
                    .isZero();
        }

        @Test
        @DisplayName("recover leaves entries younger than the minimum idle time to the consumer still working on them")
        void recoverLeavesBusyEntries(RedisClient redis) {
            leftPendingByA(redis, 3);
            GroupConsumer b = new GroupConsumer(redis, "orders", "billing", "billing-b");
            Recording handler = new Recording();

            int recovered = b.recover(Duration.ofHours(1), 10, 5, handler);

            assertThat(recovered).as("nothing has been idle for an hour: nothing to recover").isZero();
            assertThat(handler.handled).as("handled entries").isEmpty();
            assertThat(pending(redis, "orders", "billing"))
                    .as("a is slow, not dead: its entries stay with it. Is minIdle passed to XAUTOCLAIM (in ms)?")
                    .hasSize(3)
                    .allMatch(p -> p.getConsumerName().equals("billing-a"));
        }

        @Test
        @DisplayName("recover follows XAUTOCLAIM's cursor until 0-0: 25 pending entries in pages of 10 all come back")
        void recoverFollowsTheCursor(RedisClient redis, RedisStats stats) {
            List<StreamEntryID> ids = leftPendingByA(redis, 25);
            Recording handler = new Recording();
            stats.reset();

            new GroupConsumer(redis, "orders", "billing", "billing-b").recover(Duration.ZERO, 10, 5, handler);

            assertThat(handler.ids())
                    .as("XAUTOCLAIM ... COUNT 10 claims at most 10 and returns a cursor: call again from it until it"
                            + " is 0-0. Only 10 handled means one XAUTOCLAIM call")
                    .containsExactlyElementsOf(ids);
            assertThat(stats.calls("xautoclaim")).as("XAUTOCLAIM calls for 25 entries, COUNT 10").isBetween(3L, 4L);
        }

        @Test
        @DisplayName("recover acks only what it handled: its own older pending entries, not claimed now, stay pending")
        void recoverAcksOnlyWhatItHandled(RedisClient redis) {
            List<StreamEntryID> ids = leftPendingByA(redis, 3);
            // b claimed entries 1 and 2 a moment ago and its handler crashed on 1: both pending with b, idle ~0.
            redis.xclaim("orders", "billing", "billing-b", 0, XClaimParams.xClaimParams(), ids.get(0), ids.get(1));
            // Entry 3 is still a's, idle for a minute.
            redis.xclaim("orders", "billing", "billing-a", 0, XClaimParams.xClaimParams().idle(60_000), ids.get(2));
            Recording handler = new Recording();

            int recovered = new GroupConsumer(redis, "orders", "billing", "billing-b")
                    .recover(Duration.ofSeconds(30), 10, 5, handler);

            assertThat(handler.ids()).as("b retries at once: only entry 3 has been idle for 30 s")
                    .containsExactly(ids.get(2));
            assertThat(recovered).as("recover returns how many it handled").isEqualTo(1);
            assertThat(pendingIds(redis, "orders", "billing"))
                    .as("entries 1 and 2 are b's, pending and not processed (not idle long enough to be claimed"
                            + " now): they must stay pending. Missing ones were acked although nobody processed them:"
                            + " XPENDING ... billing-b lists them with the claimed entry, and acking whatever it lists"
                            + " beyond the claimed entries loses them. Ack only what you handled (and, on 6.2, a"
                            + " deleted entry: XRANGE id id is empty)")
                    .containsExactly(ids.get(0), ids.get(1));
        }

        @Test
        @DisplayName("a consumer restarted under its old name gets its own pending entries back")
        void restartedConsumerGetsItsOwnEntries(RedisClient redis) {
            List<StreamEntryID> ids = leftPendingByA(redis, 2);
            Recording handler = new Recording();

            new GroupConsumer(redis, "orders", "billing", "billing-a").recover(Duration.ZERO, 10, 5, handler);

            assertThat(handler.ids())
                    .as("the restarted billing-a's recovery: its entries were delivered before the crash, so"
                            + " XREADGROUP ... > never returns them again. XAUTOCLAIM claims them from any consumer")
                    .containsExactlyElementsOf(ids);
            assertThat(pendingIds(redis, "orders", "billing")).as("and acks them").isEmpty();
        }

        @Test
        @DisplayName("an entry delivered more than maxDeliveries times goes to orders:dead and is acked, atomically")
        void poisonEntryGoesToDeadLetters(RedisClient redis, CommandMonitor monitor) {
            StreamEntryID poison = redis.xadd("orders", StreamEntryID.NEW_ENTRY, Map.of("sku", "X-1", "qty", "-3"));
            redis.xgroupCreate("orders", "billing", START, false);
            readWithoutAck(redis, "orders", "billing", "billing-a", 1); // delivery 1: a dies on it
            GroupConsumer b = new GroupConsumer(redis, "orders", "billing", "billing-b");
            Recording handler = new Recording();
            handler.crashOn.add(poison);
            List<Throwable> outcomes = new ArrayList<>();

            for (int attempt = 0; attempt < 4; attempt++) {
                outcomes.add(thrownBy(() -> b.recover(Duration.ZERO, 10, 3, handler)));
            }

            assertThat(outcomes.subList(0, 2))
                    .as("deliveries 2 and 3 (maxDeliveries 3) are handled, and the handler's crash comes out")
                    .allMatch(Crash.class::isInstance);
            assertThat(outcomes.subList(2, 4))
                    .as("delivery 4 is one too many: dead-letter it instead of handling it, then nothing is left")
                    .containsOnlyNulls();
            List<StreamEntry> dead = redis.xrange("orders:dead", "-", "+");
            assertThat(dead).as("orders:dead should hold the poison entry once").hasSize(1);
            assertThat(dead.get(0).getFields())
                    .as("the dead letter keeps the fields, the original id (origin-id) and the delivery count"
                            + " XPENDING reported (deliveries)")
                    .containsEntry("sku", "X-1")
                    .containsEntry("origin-id", poison.toString())
                    .containsEntry("deliveries", "4");
            assertThat(pendingIds(redis, "orders", "billing"))
                    .as("a dead-lettered entry is acked, or every recovery claims it again forever")
                    .isEmpty();
            List<Command> commands = monitor.commands();
            int deadAdd = IntStream.range(0, commands.size())
                    .filter(i -> commands.get(i).name().equals("xadd") && commands.get(i).isOn("orders:dead"))
                    .findFirst().orElseThrow();
            assertThat(CommandMonitor.inAtomicStep(commands, deadAdd))
                    .as("XADD orders:dead and XACK in one MULTI/EXEC: a crash between them dead-letters the entry"
                            + " twice (or acks it without a dead letter)")
                    .isTrue();
        }

        @Test
        @DisplayName("an entry deleted while pending is acked and never handed to the handler (Redis 6.2 and 7)")
        void deletedEntryIsDroppedFromThePel(RedisClient redis) {
            List<StreamEntryID> ids = leftPendingByA(redis, 3);
            redis.xdel("orders", ids.get(1)); // trimmed away by MAXLEN while pending, say
            Recording handler = new Recording();

            List<Integer> recovered = new ArrayList<>();
            Throwable thrown = thrownBy(() -> recovered.add(new GroupConsumer(redis, "orders", "billing", "billing-b")
                    .recover(Duration.ZERO, 10, 5, handler)));

            if (thrown instanceof AssertionError handlerCheck) {
                throw handlerCheck; // the Recording handler's own message says what it was given
            }
            assertThat(thrown).as("recover threw %s. A NullPointerException here: %s", thrown, NIL_ENTRY).isNull();
            assertThat(handler.ids()).as("only the entries still in the stream are handled")
                    .containsExactly(ids.get(0), ids.get(2));
            assertThat(recovered).as("recover counts handled entries only").containsExactly(2);
            assertThat(pendingIds(redis, "orders", "billing"))
                    .as("nothing pending afterwards: " + NIL_ENTRY)
                    .isEmpty();
        }

        @Test
        @DisplayName("a negative idle time, a count below 1 or maxDeliveries below 1 is refused")
        void refusesBadInput(RedisClient redis) {
            GroupConsumer consumer = new GroupConsumer(redis, "orders", "billing", "billing-1");
            Recording handler = new Recording();

            assertThat(thrownBy(() -> consumer.recover(Duration.ofMillis(-1), 10, 3, handler)))
                    .as("a negative minIdle").isInstanceOf(IllegalArgumentException.class);
            assertThat(thrownBy(() -> consumer.recover(Duration.ZERO, 0, 3, handler)))
                    .as("count 0").isInstanceOf(IllegalArgumentException.class);
            assertThat(thrownBy(() -> consumer.recover(Duration.ZERO, 10, 0, handler)))
                    .as("maxDeliveries 0: every entry would be dead-lettered unseen")
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @Task(value = 4, points = 16)
    @DisplayName("Task 4: stock change events applied to H2 in batches, exactly once in effect, cache invalidated")
    class Task4_Projection {

        private static final String STREAM = "stock-changes";
        private static final String GROUP = "projector";

        private Inventory inventory;
        private final SqlRecorder sql = new SqlRecorder();

        @BeforeEach
        void createDatabaseAndGroup(RedisClient redis) {
            inventory = new Inventory();
            redis.xgroupCreate(STREAM, GROUP, START, true);
        }

        @AfterEach
        void dropDatabase() {
            inventory.close();
        }

        private StreamEntryID change(RedisClient redis, long product, int delta) {
            return redis.xadd(STREAM, StreamEntryID.NEW_ENTRY,
                    Map.of("product", Long.toString(product), "delta", Integer.toString(delta)));
        }

        private StockProjector projector(RedisClient redis, boolean recorded) {
            return new StockProjector(redis, recorded ? sql.wrap(inventory.dataSource()) : inventory.dataSource(),
                    STREAM, GROUP, "projector-1");
        }

        private void crashAfterFirstWrite(List<String> seen) {
            sql.afterFirstStatement(() -> {
                seen.addAll(sql.take());
                if (seen.stream().anyMatch(SqlRecorder::isWrite)) {
                    throw new Crash("after the first write, before the commit");
                }
                crashAfterFirstWrite(seen);
            });
        }

        @Test
        @DisplayName("a batch of changes is applied in one transaction that also records the last applied id")
        void appliesABatchInOneTransaction(RedisClient redis) {
            change(redis, 1, -3);
            change(redis, 2, +5);
            change(redis, 1, -2);
            change(redis, 3, -1);
            StreamEntryID last = change(redis, 2, -4);

            int applied = projector(redis, true).applyBatch(10);

            assertThat(applied).as("applyBatch returns how many changes it applied").isEqualTo(5);
            assertThat(List.of(inventory.stockOf(1), inventory.stockOf(2), inventory.stockOf(3)))
                    .as("stock of products 1, 2, 3 after -3 -2, +5 -4, -1 on 100 each")
                    .containsExactly(95, 101, 99);
            assertThat(sql.commits())
                    .as("commits for one batch: one transaction (autoCommit off, one commit). Zero means"
                            + " autocommit, one transaction per statement: a crash in between applies half a batch")
                    .isEqualTo(1);
            assertThat(inventory.lastApplied(GROUP))
                    .as("stream_offset.last_id for the group: the id of the last change applied, written in the same"
                            + " transaction as the changes")
                    .contains(last.toString());
            assertThat(pendingIds(redis, STREAM, GROUP)).as("the batch is acked after the commit").isEmpty();
        }

        @Test
        @DisplayName("applyBatch(count) takes at most count entries per batch, in stream order")
        void batchesRespectTheCount(RedisClient redis) {
            List<StreamEntryID> ids = IntStream.rangeClosed(1, 7).mapToObj(n -> change(redis, 1, -1)).toList();
            StockProjector projector = projector(redis, true);

            List<Integer> applied = List.of(projector.applyBatch(3), projector.applyBatch(3), projector.applyBatch(3),
                    projector.applyBatch(3));

            assertThat(applied).as("7 changes in batches of 3").containsExactly(3, 3, 1, 0);
            assertThat(sql.commits()).as("one transaction per non-empty batch").isEqualTo(3);
            assertThat(inventory.stockOf(1)).as("stock of product 1 after 7 changes of -1").isEqualTo(93);
            assertThat(inventory.lastApplied(GROUP)).as("the offset after the last batch").contains(ids.get(6)
                    .toString());
        }

        @Test
        @DisplayName("the cached stock of each changed product is deleted, after the commit; others stay cached")
        void invalidatesTheCacheAfterTheCommit(RedisClient redis) {
            redis.set("stock:1", "100");
            redis.set("stock:2", "100");
            redis.set("stock:4", "100");
            change(redis, 1, -1);
            change(redis, 2, -1);
            List<Boolean> cachedAtCommit = new ArrayList<>();
            sql.afterCommit(() -> cachedAtCommit.add(redis.exists("stock:1")));

            projector(redis, true).applyBatch(10);

            assertThat(redis.exists("stock:1", "stock:2"))
                    .as("stock:1 and stock:2 changed in the database: their cached values must go (DEL)")
                    .isZero();
            assertThat(redis.exists("stock:4")).as("stock:4 did not change: keep it cached").isTrue();
            assertThat(cachedAtCommit)
                    .as("whether stock:1 was still cached when the transaction committed. Deleted before the commit,"
                            + " a reader can cache the old stock again in between and it stays stale")
                    .containsExactly(true);
        }

        @Test
        @DisplayName("a crash before the commit loses nothing: the restarted consumer applies the whole batch once")
        void crashBeforeTheCommitLosesNothing(RedisClient redis) {
            change(redis, 1, -10);
            change(redis, 2, -20);
            change(redis, 1, -30);
            crashAfterFirstWrite(new ArrayList<>());

            Throwable crash = thrownBy(() -> projector(redis, true).applyBatch(10));

            assertThat(crash).as("(setup) the crash after the first write should come out of applyBatch")
                    .isInstanceOf(Crash.class);
            assertThat(List.of(inventory.stockOf(1), inventory.stockOf(2)))
                    .as("nothing committed before the crash: the transaction rolls back")
                    .containsExactly(100, 100);
            int applied = projector(redis, false).applyBatch(10);
            assertThat(List.of(inventory.stockOf(1), inventory.stockOf(2)))
                    .as("after the restart all three changes applied. Lost ones were acked before the commit (XACK"
                            + " comes last), or the restarted consumer read only new entries (>) and never its own"
                            + " pending ones: read them first with XREADGROUP ... 0")
                    .containsExactly(60, 80);
            assertThat(applied).as("the restarted consumer applied the three changes").isEqualTo(3);
            assertThat(pendingIds(redis, STREAM, GROUP)).as("and acked them").isEmpty();
        }

        @Test
        @DisplayName("a crash after the commit, before XACK, applies nothing twice: the committed offset skips them")
        void crashAfterTheCommitAppliesNothingTwice(RedisClient redis) {
            change(redis, 1, -10);
            change(redis, 2, -20);
            StreamEntryID last = change(redis, 1, -30);
            sql.afterCommit(() -> {
                throw new Crash("after the commit, before XACK");
            });

            Throwable crash = thrownBy(() -> projector(redis, true).applyBatch(10));

            assertThat(crash).as("(setup) the crash after the commit should come out of applyBatch")
                    .isInstanceOf(Crash.class);
            assertThat(pendingIds(redis, STREAM, GROUP)).as("the batch is not acked: the crash came before XACK")
                    .hasSize(3);
            int applied = projector(redis, false).applyBatch(10);
            assertThat(List.of(inventory.stockOf(1), inventory.stockOf(2)))
                    .as("stock after the crash and the redelivery: each change once. Applied twice means the"
                            + " redelivered entries were not compared with the last applied id committed with them"
                            + " (kept in Redis or in memory, it is lost or stale after a crash)")
                    .containsExactly(60, 80);
            assertThat(applied).as("the restarted consumer applies none of them again").isZero();
            assertThat(pendingIds(redis, STREAM, GROUP))
                    .as("but acks them: it reads its own pending entries (XREADGROUP ... 0) before new ones (>)")
                    .isEmpty();
            assertThat(inventory.lastApplied(GROUP)).as("the offset").contains(last.toString());
        }

        @Test
        @DisplayName("a crash after the commit, before the DEL: the redelivered batch still deletes the cached stock")
        void crashBeforeTheDelStillInvalidates(RedisClient redis) {
            redis.set("stock:1", "100");
            change(redis, 1, -10);
            sql.afterCommit(() -> {
                throw new Crash("after the commit, before the DEL");
            });

            Throwable crash = thrownBy(() -> projector(redis, true).applyBatch(10));

            assertThat(crash).as("(setup) the crash after the commit should come out of applyBatch")
                    .isInstanceOf(Crash.class);
            assertThat(redis.get("stock:1")).as("(setup) the crash came before the DEL").isEqualTo("100");
            projector(redis, false).applyBatch(10);
            assertThat(redis.get("stock:1"))
                    .as("stock:1 after the restart, with the database at %d: still cached means stale for good. The"
                            + " redelivered change is skipped as applied, so deleting only the keys of the changes"
                            + " applied now deletes nothing: delete the cached stock of every entry of the batch,"
                            + " skipped ones too", inventory.stockOf(1))
                    .isNull();
            assertThat(pendingIds(redis, STREAM, GROUP)).as("and acks the batch").isEmpty();
        }

        @Test
        @DisplayName("entry ids are compared as ids, not as strings: 1-10 comes after 1-9")
        void idsAreComparedAsIds(RedisClient redis) {
            for (int seq = 1; seq <= 12; seq++) {
                redis.xadd(STREAM, new StreamEntryID(1, seq), Map.of("product", "1", "delta", "-1"));
            }
            StockProjector projector = projector(redis, false);

            int first = projector.applyBatch(5);
            int second = projector.applyBatch(10);

            assertThat(List.of(first, second))
                    .as("changes applied by a batch of 5 then a batch of 10 after 1-1 .. 1-12. As strings \"1-10\""
                            + " < \"1-5\", so 1-10 to 1-12 look applied: compare StreamEntryID (compareTo)")
                    .containsExactly(5, 7);
            assertThat(inventory.stockOf(1)).as("stock after twelve changes of -1").isEqualTo(88);
        }

        @Test
        @DisplayName("a batch size below 1 is refused with IllegalArgumentException")
        void refusesBadCount(RedisClient redis) {
            assertThat(thrownBy(() -> projector(redis, false).applyBatch(0))).as("applyBatch(0)")
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}

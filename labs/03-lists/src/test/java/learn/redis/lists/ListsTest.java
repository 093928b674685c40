package learn.redis.lists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.IntStream;
import learn.redis.support.RedisLab;
import learn.redis.support.RedisServerInfo;
import learn.redis.support.RedisStats;
import learn.redis.support.Task;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

@RedisLab
@DisplayName("Lab 03: lists (a work queue and a capped timeline)")
class ListsTest {

    /** Long enough that a test never reaches it: the consumer is woken by a push long before. */
    private static final Duration PATIENT = Duration.ofSeconds(10);

    @Nested
    @Task(1)
    @DisplayName("Task 1: a FIFO work queue with a blocking consumer")
    class Task1_WorkQueue {

        @Test
        @DisplayName("jobs come out in the order they were submitted, pushed at the head and taken from the tail")
        void firstInFirstOut(RedisClient redis) {
            WorkQueue queue = new WorkQueue(redis, "emails");

            queue.submit("welcome:1");
            queue.submit("welcome:2");
            queue.submit("welcome:3");

            assertThat(redis.lrange("queue:emails", 0, -1))
                    .as("the list queue:emails should hold the newest job at the head (LPUSH)")
                    .containsExactly("welcome:3", "welcome:2", "welcome:1");
            assertThat(List.of(queue.poll(), queue.poll(), queue.poll()))
                    .as("poll should take the oldest job first (RPOP from the tail)")
                    .containsExactly(Optional.of("welcome:1"), Optional.of("welcome:2"), Optional.of("welcome:3"));
        }

        @Test
        @DisplayName("polling an empty queue answers empty at once")
        void pollEmpty(RedisClient redis) {
            WorkQueue queue = new WorkQueue(redis, "emails");

            assertThat(queue.poll())
                    .as("RPOP of a missing list is nil: poll should turn it into Optional.empty()")
                    .isEmpty();
        }

        @Test
        @DisplayName("take waits inside Redis (a blocked client) and gets the job the moment it is pushed")
        void takeBlocksUntilAJobArrives(RedisClient redis, RedisStats stats) {
            WorkQueue queue = new WorkQueue(redis, "emails");
            long blockedBefore = stats.blockedClients();
            stats.reset();

            CompletableFuture<Optional<String>> consumer = CompletableFuture.supplyAsync(() -> queue.take(PATIENT));
            try {
                awaitBlocked(stats, blockedBefore, consumer, "INFO clients should show the consumer as a blocked"
                        + " client: is take polling with RPOP in a loop instead of waiting with BRPOP?");
                queue.submit("welcome:1");

                assertThat(resultOf(consumer, Duration.ofSeconds(5), "take did not return within 5 s of the push"))
                        .as("the blocked consumer should receive the job pushed while it waited")
                        .contains("welcome:1");
            } finally {
                consumer.cancel(true);
            }
            assertThat(stats.calls("brpop"))
                    .as("one BRPOP should have done the whole wait")
                    .isEqualTo(1);
            assertThat(stats.calls("rpop"))
                    .as("no RPOP polling around the blocking call")
                    .isZero();
        }

        @Test
        @DisplayName("take, like poll, hands out the oldest waiting job first")
        void takeTakesTheOldestJob(RedisClient redis) {
            WorkQueue queue = new WorkQueue(redis, "emails");
            redis.lpush("queue:emails", "welcome:1", "welcome:2", "welcome:3");

            assertThat(List.of(queue.take(PATIENT), queue.take(PATIENT)))
                    .as("take with welcome:1 (oldest, at the tail) to welcome:3 (newest, at the head) waiting: the"
                            + " oldest first. welcome:3 means take pops the head (BLPOP), the end producers push to:"
                            + " that is a stack, and the oldest job waits forever under a steady stream. BRPOP pops"
                            + " the tail")
                    .containsExactly(Optional.of("welcome:1"), Optional.of("welcome:2"));
        }

        @Test
        @DisplayName("take gives up after its timeout, even one below a second or a millisecond, and refuses zero")
        void takeTimesOut(RedisClient redis) {
            WorkQueue queue = new WorkQueue(redis, "emails");

            assertTimesOut(queue::take, "BRPOP");
        }
    }

    @Nested
    @Task(2)
    @DisplayName("Task 2: a reliable queue that survives a crashed consumer")
    class Task2_ReliableQueue {

        @Test
        @DisplayName("take moves the job into the consumer's processing list with one atomic command")
        void takeMovesAtomically(RedisClient redis, RedisStats stats) {
            ReliableQueue worker = new ReliableQueue(redis, "invoices", "worker-a");
            worker.submit("invoice:1");

            stats.reset();
            Optional<String> job = worker.take(PATIENT);

            assertThat(job).as("take should return the job").contains("invoice:1");
            assertThat(redis.lrange("queue:invoices:processing:worker-a", 0, -1))
                    .as("until it is acknowledged the job must sit in queue:invoices:processing:worker-a")
                    .containsExactly("invoice:1");
            assertThat(redis.exists("queue:invoices")).as("and no longer in queue:invoices").isFalse();
            assertThat(stats.calls("blmove") + stats.calls("lmove"))
                    .as("pop and park the job in one command (BLMOVE)")
                    .isEqualTo(1);
            assertThat(stats.calls("rpop") + stats.calls("brpop") + stats.calls("lpush"))
                    .as("a pop followed by a push is two steps: a crash between them loses the job")
                    .isZero();
        }

        @Test
        @DisplayName("take moves the oldest job, from the tail, not the newest")
        void takeMovesTheOldestJob(RedisClient redis) {
            ReliableQueue worker = new ReliableQueue(redis, "invoices", "worker-a");
            redis.lpush("queue:invoices", "invoice:1", "invoice:2", "invoice:3");

            Optional<String> first = worker.take(PATIENT);

            assertThat(first).as("take with invoice:1 (oldest, at the tail) to invoice:3 (newest, at the head)"
                    + " waiting: the oldest first. invoice:3 means BLMOVE takes from the LEFT (the head, where"
                    + " submit pushes): take from the RIGHT, the tail").contains("invoice:1");
            assertThat(redis.lrange("queue:invoices", 0, -1)).as("queue:invoices after taking one job")
                    .containsExactly("invoice:3", "invoice:2");
            assertThat(redis.lrange("queue:invoices:processing:worker-a", 0, -1))
                    .as("worker-a's processing list after taking one job").containsExactly("invoice:1");
        }

        @Test
        @DisplayName("take waits inside Redis while the queue is empty")
        void takeBlocks(RedisClient redis, RedisStats stats) {
            ReliableQueue worker = new ReliableQueue(redis, "invoices", "worker-a");
            long blockedBefore = stats.blockedClients();

            CompletableFuture<Optional<String>> consumer = CompletableFuture.supplyAsync(() -> worker.take(PATIENT));
            try {
                awaitBlocked(stats, blockedBefore, consumer,
                        "INFO clients should show the consumer blocked in BLMOVE, not polling");
                worker.submit("invoice:2");

                assertThat(resultOf(consumer, Duration.ofSeconds(5), "take did not return within 5 s of the push"))
                        .as("the blocked consumer should receive the job pushed while it waited")
                        .contains("invoice:2");
            } finally {
                consumer.cancel(true);
            }
        }

        @Test
        @DisplayName("take follows Task 1's timeout rules: below a second, below a millisecond, never zero")
        void takeFollowsTheTimeoutRules(RedisClient redis) {
            ReliableQueue worker = new ReliableQueue(redis, "invoices", "worker-a");

            assertTimesOut(worker::take, "BLMOVE");
        }

        @Test
        @DisplayName("ack removes one copy of the job, so an identical job still in progress stays")
        void ackRemovesOneCopy(RedisClient redis) {
            ReliableQueue worker = new ReliableQueue(redis, "invoices", "worker-a");
            worker.submit("remind:7");
            worker.submit("remind:7");
            worker.submit("invoice:3");
            worker.take(PATIENT);
            worker.take(PATIENT);
            worker.take(PATIENT);

            assertThat(worker.ack("remind:7")).as("ack of a job in progress should report true").isTrue();

            assertThat(redis.lrange("queue:invoices:processing:worker-a", 0, -1))
                    .as("one remind:7 is done, the other is still in progress: LREM with count 1, not 0")
                    .containsExactlyInAnyOrder("invoice:3", "remind:7");
            assertThat(worker.ack("invoice:99"))
                    .as("ack of a job that is not in progress should report false")
                    .isFalse();
        }

        @Test
        @DisplayName("a consumer that dies after taking jobs loses nothing: recovery re-queues them to be taken first")
        void recoveryRequeuesAbandonedJobs(RedisClient redis) {
            ReliableQueue crashed = new ReliableQueue(redis, "invoices", "worker-a");
            List.of("invoice:1", "invoice:2", "invoice:3").forEach(crashed::submit);
            crashed.take(PATIENT);
            crashed.take(PATIENT);
            // worker-a dies here: it never acknowledges invoice:1 and invoice:2.
            ReliableQueue survivor = new ReliableQueue(redis, "invoices", "worker-b");
            survivor.submit("invoice:4");

            int requeued = survivor.requeueAbandoned("worker-a");

            assertThat(requeued).as("both jobs worker-a took and never acknowledged should be re-queued")
                    .isEqualTo(2);
            assertThat(redis.exists("queue:invoices:processing:worker-a"))
                    .as("worker-a's processing list should be empty after the recovery")
                    .isFalse();
            List<Optional<String>> taken = IntStream.range(0, 4).mapToObj(i -> survivor.take(PATIENT)).toList();
            assertThat(taken)
                    .as("every job is done exactly once, oldest first: re-queue the abandoned jobs at the tail"
                            + " (the end consumers take from), oldest last pushed")
                    .containsExactly(Optional.of("invoice:1"), Optional.of("invoice:2"), Optional.of("invoice:3"),
                            Optional.of("invoice:4"));
        }

        @Test
        @DisplayName("recovery moves each abandoned job with one atomic LMOVE, never a copy followed by a delete")
        void requeueMovesEachJobAtomically(RedisClient redis, RedisStats stats) {
            ReliableQueue crashed = new ReliableQueue(redis, "invoices", "worker-a");
            List.of("invoice:1", "invoice:2", "invoice:3").forEach(crashed::submit);
            IntStream.range(0, 3).forEach(i -> crashed.take(PATIENT));
            ReliableQueue survivor = new ReliableQueue(redis, "invoices", "worker-b");

            stats.reset();
            int requeued = survivor.requeueAbandoned("worker-a");

            assertThat(requeued).as("worker-a took 3 jobs and acknowledged none").isEqualTo(3);
            assertThat(stats.calls("lmove"))
                    .as("one LMOVE per job (and perhaps a last one that finds the list empty): each job is in"
                            + " exactly one of the two lists at every moment")
                    .isBetween(3L, 4L);
            assertThat(stats.calls("rpush") + stats.calls("lpush") + stats.calls("del") + stats.calls("lpop")
                    + stats.calls("rpop") + stats.calls("lrem"))
                    .as("reading the jobs, pushing copies and then deleting (or popping) the originals are separate"
                            + " steps: a recovery that dies between them loses or duplicates jobs. Move each job"
                            + " with one LMOVE")
                    .isZero();
        }
    }

    @Nested
    @Task(3)
    @DisplayName("Task 3: a capped timeline with paginated reads")
    class Task3_CappedTimeline {

        @Test
        @DisplayName("a timeline keeps exactly its capacity of newest entries")
        void keepsExactlyCapacity(RedisClient redis) {
            Timeline timeline = new Timeline(redis, 5);

            IntStream.rangeClosed(1, 8).forEach(i -> timeline.post("ada", "post:" + i));

            assertThat(redis.llen("timeline:ada"))
                    .as("capacity 5 keeps 5 entries; 6 means LTRIM 0 5: its stop index is inclusive")
                    .isEqualTo(5);
            assertThat(redis.lrange("timeline:ada", 0, -1))
                    .as("the newest entry at the head, the three oldest dropped")
                    .containsExactly("post:8", "post:7", "post:6", "post:5", "post:4");
        }

        @Test
        @DisplayName("pages are newest first, with no entry repeated or skipped, and a page past the end is empty")
        void pagesWithoutOverlap(RedisClient redis) {
            Timeline timeline = new Timeline(redis, 100);
            IntStream.rangeClosed(1, 25).forEach(i -> timeline.post("ada", "post:" + i));

            assertThat(timeline.page("ada", 0, 10))
                    .as("page 0 of size 10: the 10 newest entries (LRANGE 0 9)")
                    .containsExactlyElementsOf(posts(25, 16));
            assertThat(timeline.page("ada", 1, 10))
                    .as("page 1 of size 10: LRANGE 10 19; an overlap with page 0 means the stop index is one too"
                            + " far")
                    .containsExactlyElementsOf(posts(15, 6));
            assertThat(timeline.page("ada", 2, 10))
                    .as("page 2: the 5 oldest entries")
                    .containsExactlyElementsOf(posts(5, 1));
            assertThat(timeline.page("ada", 3, 10)).as("page 3 is past the end").isEmpty();
            assertThat(timeline.page("nobody", 0, 10)).as("a timeline that does not exist has empty pages").isEmpty();
            assertThat(timeline.page("ada", 268_435_455, 16)).as("page 268 435 455 of size 16 is far past the end."
                    + " In int arithmetic 268 435 455 * 16 overflows to -16, and LRANGE -16 -1 answers the 16 OLDEST"
                    + " entries: compute the start as a long").isEmpty();
        }

        @Test
        @DisplayName("a negative page, a page size or a capacity below 1 is refused with a clear error")
        void refusesBadPages(RedisClient redis) {
            Timeline timeline = new Timeline(redis, 10);

            assertThat(catchThrowable(() -> timeline.page("ada", -1, 10)))
                    .as("page -1 would become LRANGE -10 -1: the oldest entries, not an error. Refuse it")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(catchThrowable(() -> timeline.page("ada", 0, 0)))
                    .as("page size 0 would become LRANGE 0 -1: the whole list. Refuse it")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(catchThrowable(() -> new Timeline(redis, 0)))
                    .as("a timeline of capacity 0 would trim with LTRIM 0 -1, which keeps everything. Refuse it")
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @Task(4)
    @DisplayName("Task 4: push and trim in one round trip")
    class Task4_OneRoundTrip {

        @Test
        @DisplayName("post sends LPUSH and LTRIM to the server in one round trip")
        void postIsOneRoundTrip(RedisServerInfo server, RedisStats stats) {
            try (RoundTripCounter counter = new RoundTripCounter(server)) {
                Timeline timeline = new Timeline(counter.client(), 3);
                stats.reset();

                timeline.post("ada", "post:1");

                long roundTrips = counter.roundTrips();
                boolean transaction = stats.calls("exec") == 1;

                assertThat(stats.calls("lpush")).as("one LPUSH").isEqualTo(1);
                assertThat(stats.calls("ltrim")).as("one LTRIM").isEqualTo(1);
                assertThat(roundTrips)
                        .as("LPUSH and LTRIM should travel together: a pipeline is 1 round trip, a Jedis MULTI/EXEC"
                                + " 2 (the queued commands, then EXEC). Sent one by one they double the latency"
                                + " of every post")
                        .isEqualTo(transaction ? 2 : 1);
            }
        }

        @Test
        @DisplayName("fanOut posts to 50 followers' timelines in one round trip, each one capped")
        void fanOutIsOneRoundTrip(RedisServerInfo server, RedisClient redis, RedisStats stats) {
            List<String> followers = IntStream.range(0, 50).mapToObj(i -> "follower:" + i).toList();
            try (RoundTripCounter counter = new RoundTripCounter(server)) {
                Timeline timeline = new Timeline(counter.client(), 2);
                timeline.fanOut(followers, "post:1");
                timeline.fanOut(followers, "post:2");
                stats.reset();
                counter.reset();

                timeline.fanOut(followers, "post:3");

                long roundTrips = counter.roundTrips();
                assertThat(roundTrips)
                        .as("50 timelines in one pipeline should take one round trip. %s",
                                fanOutAdvice(roundTrips, stats.calls("exec"), followers.size()))
                        .isEqualTo(1);
                assertThat(stats.calls("lpush")).as("one LPUSH per follower").isEqualTo(followers.size());
                assertThat(stats.calls("ltrim")).as("one LTRIM per follower").isEqualTo(followers.size());
            }
            assertThat(redis.lrange("timeline:follower:49", 0, -1))
                    .as("every follower's timeline is capped at 2: the newest two entries")
                    .containsExactly("post:3", "post:2");
        }

        @Test
        @DisplayName("fanOut to nobody borrows no connection and sends nothing")
        void fanOutToNobody(RedisServerInfo server) {
            try (RoundTripCounter counter = new RoundTripCounter(server)) {
                Timeline timeline = new Timeline(counter.client(), 2);

                timeline.fanOut(List.of(), "post:1");

                assertThat(counter.connectionsBorrowed())
                        .as("no followers, nothing to do: pipelined() takes a connection from the pool (and waits"
                                + " for one when all are busy) even if no command follows. Return before it")
                        .isZero();
                assertThat(counter.roundTrips()).as("no followers, no round trip").isZero();
            }
        }
    }

    /**
     * Checks a blocking take's timeouts: 300 ms is 0.3 s (not 0), 0.5 ms still ends (Redis counts whole
     * milliseconds, and 0 means forever), and zero or negative timeouts are refused before they reach Redis.
     * Every call runs in the background, so a take that blocks forever fails here instead of hanging the test.
     */
    private static void assertTimesOut(Function<Duration, Optional<String>> take, String command) {
        CompletableFuture<Optional<String>> tenths = CompletableFuture.supplyAsync(
                () -> take.apply(Duration.ofMillis(300)));
        assertThat(resultOf(tenths, Duration.ofSeconds(3), "take(300 ms) on an empty queue was still waiting after"
                + " 3 s. A timeout of 0 means 'block forever' to Redis: did you truncate 300 ms to whole seconds? "
                + command + " takes fractions (0.3)"))
                .as("take(300 ms) on an empty queue should end empty")
                .isEmpty();

        CompletableFuture<Optional<String>> tiny = CompletableFuture.supplyAsync(
                () -> take.apply(Duration.ofNanos(500_000)));
        assertThat(resultOf(tiny, Duration.ofSeconds(3), "take(0.5 ms) on an empty queue was still waiting after 3 s."
                + " Redis turns the seconds back into whole milliseconds, and 0 ms means 'block forever':"
                + " toMillis() / 1000.0 sends 0.0 here, and Redis up to 7.0.7 (6.2 too) can truncate even 0.001 to 0 ms. Never send"
                + " less than 0.002"))
                .as("take(0.5 ms) on an empty queue should end empty")
                .isEmpty();

        for (Duration refused : List.of(Duration.ZERO, Duration.ofSeconds(-1))) {
            CompletableFuture<Throwable> thrown = CompletableFuture.supplyAsync(
                    () -> catchThrowable(() -> take.apply(refused)));
            assertThat(resultOf(thrown, Duration.ofSeconds(3), "take(" + refused + ") was still waiting after 3 s: "
                    + command + " with timeout 0 blocks forever. Refuse it before calling Redis"))
                    .as("take(%s) should throw IllegalArgumentException at once: Redis reads 0 as 'block forever'"
                            + " and refuses a negative timeout with an error of its own", refused)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /**
     * Waits until one more client than {@code blockedBefore} is blocked in Redis. A consumer that ends instead
     * (it threw, or returned without waiting) fails at once, with its own exception if it threw.
     */
    private static void awaitBlocked(RedisStats stats, long blockedBefore, CompletableFuture<?> consumer,
            String notBlocked) {
        try {
            await("the consumer to block in Redis").atMost(Duration.ofSeconds(5))
                    .failFast("take ended without blocking", consumer::isDone)
                    .untilAsserted(() -> assertThat(stats.blockedClients())
                            .as(notBlocked)
                            .isEqualTo(blockedBefore + 1));
        } catch (TerminalFailureException ended) {
            Object returned = resultOf(consumer, Duration.ZERO, "");
            fail("take returned " + returned + " before any job was pushed: it should wait inside Redis until a job"
                    + " arrives or the timeout (" + PATIENT.toSeconds() + " s here) passes");
        }
    }

    /**
     * The future's result within {@code within}. If it threw, its own exception is rethrown (a starter's
     * "TODO Task N" shows as it is); if it is still running, the test fails with {@code stillRunning}.
     */
    private static <T> T resultOf(CompletableFuture<T> future, Duration within, String stillRunning) {
        try {
            return future.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            return fail(stillRunning);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for take", e);
        }
    }

    /** Why fanOut took {@code roundTrips} instead of one, told from the count itself. */
    private static String fanOutAdvice(long roundTrips, long execs, int followers) {
        if (execs == 1 && roundTrips == 2) {
            return "It took 2: that is MULTI/EXEC, which Jedis sends in two (the queued commands, then EXEC)."
                    + " Atomicity is not needed here: use a pipeline";
        }
        if (roundTrips >= followers) {
            return "It took " + roundTrips + ": one command at a time, or one pipeline per follower (post in a"
                    + " loop?). Queue every follower's LPUSH and LTRIM in one pipeline and call sync() once";
        }
        return "It took " + roundTrips + ": queue every LPUSH and LTRIM first, then call sync() once";
    }

    /** "post:from" down to "post:to". */
    private static List<String> posts(int from, int to) {
        return IntStream.iterate(from, i -> i >= to, i -> i - 1).mapToObj(i -> "post:" + i).toList();
    }
}

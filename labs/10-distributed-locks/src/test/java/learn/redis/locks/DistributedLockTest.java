package learn.redis.locks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import learn.redis.support.CommandMonitor;
import learn.redis.support.CommandMonitor.Command;
import learn.redis.support.Concurrently;
import learn.redis.support.RedisLab;
import learn.redis.support.RedisStats;
import learn.redis.support.SqlRecorder;
import learn.redis.support.Task;
import learn.redis.support.Todo;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/**
 * Lab 10. {@code redis} is the test's own client: it plays the clock (forcing a lease to run out with
 * {@code PEXPIRE key 1}) and reads what the server really holds. Two {@link RedisLock} objects on the same name
 * stand for two processes competing for one lock.
 */
@RedisLab
@DisplayName("Lab 10 · Distributed locks: leases, owners, fences")
class DistributedLockTest {

    private static final Duration LEASE = Duration.ofSeconds(30);

    RedisClient redis;
    RedisStats stats;
    Steps steps;
    ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void setUp(RedisClient redis, RedisStats stats) {
        this.redis = redis;
        this.stats = stats;
        this.steps = new Steps(redis);
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        threads.awaitTermination(5, TimeUnit.SECONDS);
    }

    private RedisLock lock(String name) {
        return new RedisLock(redis, name, LEASE);
    }

    private long scriptCalls() {
        return stats.calls("eval") + stats.calls("evalsha");
    }


    /** The expiry a SET asks for, in ms: the value after PX, or after EX times 1000; -1 without one. */
    private static long expiryMillis(Command set) {
        List<String> args = set.args().stream().map(arg -> arg.toUpperCase(Locale.ROOT)).toList();
        int px = args.indexOf("PX");
        if (px > 0) {
            return Long.parseLong(args.get(px + 1));
        }
        int ex = args.indexOf("EX");
        return ex > 0 ? Long.parseLong(args.get(ex + 1)) * 1000 : -1;
    }

    /** A background thread's failure (a TODO, a bug), rethrown as it is so the test reports it. */
    private static void rethrow(Throwable failure) throws Exception {
        if (failure instanceof Exception exception) {
            throw exception;
        }
        throw (Error) failure;
    }

    /**
     * What the tests do to a lock from outside. A class of its own on purpose: Surefire's failure summary names the
     * first line of the test class in a stack trace, and a helper method there would stand in for the failing test.
     */
    static final class Steps {

        private final RedisClient redis;

        Steps(RedisClient redis) {
            this.redis = redis;
        }

        Lease acquired(RedisLock lock) {
            Optional<Lease> lease = lock.tryAcquire();
            assertThat(lease).as("tryAcquire on a free lock (%s) should return a lease", lock.key()).isPresent();
            return lease.get();
        }

        /** What happens to a holder that pauses (GC, swap, a slow call) for longer than its lease: the key expires. */
        void leaseRunsOut(String key) {
            redis.pexpire(key, 1);
            await().alias(key + " expiring 1 ms after PEXPIRE").atMost(Duration.ofSeconds(5))
                    .until(() -> !redis.exists(key));
        }
    }

    @Nested
    @Task(1)
    @DisplayName("Task 1: acquire with one atomic SET NX PX and a token of your own")
    class Task1_Acquire {

        @Test
        @DisplayName("acquiring is one SET with NX and PX: never SETNX followed by EXPIRE")
        void acquireIsOneAtomicSet() {
            RedisLock lock = lock("report");
            stats.reset();

            Lease lease = steps.acquired(lock);

            assertThat(stats.calls("set"))
                    .as("SET commands for one acquisition: expected exactly one SET key token NX PX ttl")
                    .isEqualTo(1);
            assertThat(stats.calls("setnx") + stats.calls("expire") + stats.calls("pexpire"))
                    .as("SETNX/EXPIRE/PEXPIRE calls: SETNX then EXPIRE are two steps, and a client that dies between"
                            + " them leaves a lock that never expires")
                    .isZero();
            assertThat(redis.get("lock:report")).as("value of lock:report: expected the lease's token")
                    .isEqualTo(lease.token());
            assertThat(redis.pttl("lock:report"))
                    .as("PTTL of lock:report in ms: expected the 30 s lease. -1 means no expiry: did you pass PX?")
                    .isBetween(LEASE.toMillis() - 2_000, LEASE.toMillis());
        }

        @Test
        @DisplayName("a lease of 1.5 s or of 900 ms reaches Redis in milliseconds, not rounded to whole seconds")
        void leaseKeepsItsMilliseconds(CommandMonitor monitor) {
            for (Duration lease : List.of(Duration.ofMillis(1_500), Duration.ofMillis(900))) {
                RedisLock lock = new RedisLock(redis, "lease-" + lease.toMillis(), lease);

                AtomicReference<Throwable> thrown = new AtomicReference<>();
                List<Command> commands = monitor.during(() -> thrown.set(catchThrowable(lock::tryAcquire)));
                assertThat(Todo.surfacing(thrown.get()))
                        .as("tryAcquire with a %s lease threw: a lease converted with toSeconds() is EX 0 under a"
                                + " second, which Redis refuses. Send PX with lease.toMillis()", lease)
                        .isNull();

                List<Long> expiries = commands.stream().filter(command -> command.name().equals("set"))
                        .map(DistributedLockTest::expiryMillis).toList();
                assertThat(expiries).as("expiry of the SET for a %s lease, in ms (commands seen: %s): EX rounds it"
                        + " to whole seconds, a lock that outlives or undercuts its lease", lease, commands)
                        .containsExactly(lease.toMillis());
                assertThat(redis.pttl(lock.key())).as("PTTL of %s right after acquiring a %s lease", lock.key(), lease)
                        .isNotEqualTo(-1L).isLessThanOrEqualTo(lease.toMillis());
            }
        }

        @Test
        @DisplayName("a held lock cannot be taken, and trying leaves the holder's token and TTL alone")
        void heldLockIsNotTaken() {
            Lease holder = steps.acquired(lock("report"));
            redis.pexpire("lock:report", 5_000); // the holder is 25 s into its lease

            Optional<Lease> second = lock("report").tryAcquire();

            assertThat(second).as("tryAcquire while another process holds the lock: expected empty. Did you use NX?")
                    .isEmpty();
            assertThat(redis.get("lock:report")).as("the lock's value after a failed attempt: still the holder's token")
                    .isEqualTo(holder.token());
            assertThat(redis.pttl("lock:report"))
                    .as("PTTL after a failed attempt: a loser must not refresh the holder's TTL (no EXPIRE on failure)")
                    .isBetween(1L, 5_000L);
        }

        @Test
        @DisplayName("every acquisition writes its own unguessable token, even from the same lock object")
        void everyAcquisitionHasItsOwnToken() {
            RedisLock lock = lock("report");
            Set<String> tokens = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                tokens.add(steps.acquired(lock).token());
                steps.leaseRunsOut("lock:report");
            }
            tokens.add(steps.acquired(lock("report")).token());

            assertThat(tokens)
                    .as("tokens of 4 acquisitions: expected 4 different values. A constant like \"locked\" or one"
                            + " token per lock object lets one acquisition release another's lock")
                    .hasSize(4)
                    .allSatisfy(token -> assertThat(token).as("a token: random, at least 16 characters (a UUID)")
                            .hasSizeGreaterThanOrEqualTo(16));
        }
    }

    @Nested
    @Task(2)
    @DisplayName("Task 2: release only your own lock, atomically")
    class Task2_Release {

        @Test
        @DisplayName("the holder's release deletes the lock, in one Lua script")
        void ownerReleasesWithAScript() {
            RedisLock lock = lock("report");
            Lease lease = steps.acquired(lock);
            stats.reset();

            boolean released = lock.release(lease);

            assertThat(released).as("release by the holder: expected true").isTrue();
            assertThat(redis.exists("lock:report")).as("lock:report exists after release").isFalse();
            assertThat(scriptCalls())
                    .as("EVAL/EVALSHA calls: the check (is it still my token?) and the DEL must run as one script;"
                            + " GET then DEL from Java leaves a gap in which the lock can change hands")
                    .isGreaterThanOrEqualTo(1);
        }

        // tag::late-release[]
        @Test
        @DisplayName("A's lease runs out, B acquires, A releases late: B still holds the lock")
        void lateReleaseDoesNotFreeTheNextHolder() {
            RedisLock a = lock("report");
            RedisLock b = lock("report");
            Lease leaseA = steps.acquired(a);
            steps.leaseRunsOut("lock:report");
            Lease leaseB = steps.acquired(b);

            boolean released = a.release(leaseA);

            assertThat(released).as("A's release after its lease ran out: expected false, A owns nothing").isFalse();
            assertThat(redis.get("lock:report"))
                    .as("the lock after A's late release: still B's token. A release that just DELs the key (the"
                            + " widely copied example) frees B's lock and lets a third process in")
                    .isEqualTo(leaseB.token());
            assertThat(redis.pttl("lock:report")).as("PTTL of B's lock: untouched by A")
                    .isBetween(LEASE.toMillis() - 2_000, LEASE.toMillis());
        }
        // end::late-release[]

        @Test
        @DisplayName("releasing twice is harmless, and a lease of another lock is refused with a clear error")
        void doubleReleaseAndWrongLock() {
            RedisLock report = lock("report");
            Lease lease = steps.acquired(report);

            assertThat(report.release(lease)).as("first release by the holder").isTrue();
            assertThat(report.release(lease)).as("second release of the same lease: nothing left to release")
                    .isFalse();
            Lease other = steps.acquired(lock("invoice"));
            assertThat(catchThrowable(() -> report.release(other)))
                    .as("releasing lock:report with a lease of lock:invoice: expected IllegalArgumentException, a programming error")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(redis.get("lock:invoice")).as("lock:invoice after the refused release").isEqualTo(other.token());
        }

        @Test
        @DisplayName("release still works after the server forgot its scripts (SCRIPT FLUSH, restart, failover)")
        void releaseSurvivesScriptFlush() {
            RedisLock lock = lock("report");
            lock.release(steps.acquired(lock));
            Lease lease = steps.acquired(lock);
            redis.scriptFlush();

            assertThat(lock.release(lease))
                    .as("release after SCRIPT FLUSH: EVALSHA answers NOSCRIPT, then send the script with EVAL"
                            + " (LuaScript.run does that for you)")
                    .isTrue();
            assertThat(redis.exists("lock:report")).as("lock:report exists after release").isFalse();
        }
    }

    @Nested
    @Task(3)
    @DisplayName("Task 3: tryLock(timeout) with a bounded, jittered backoff")
    class Task3_TryLock {

        @Test
        @DisplayName("backoff doubles per attempt up to the cap, never below half its window, even at huge attempts")
        void backoffIsBoundedAndGrows() {
            Duration base = Duration.ofMillis(10);
            Duration cap = Duration.ofSeconds(1);
            Backoff backoff = new Backoff(base, cap);

            for (int attempt : List.of(0, 1, 2, 3, 5, 10, 40, 63, 64, 1000, Integer.MAX_VALUE)) {
                long window = Math.min(cap.toNanos(), base.toNanos() << Math.min(attempt, 20));
                List<Duration> delay = new ArrayList<>(1);
                assertThat(Todo.surfacing(catchThrowable(() -> delay.add(backoff.delay(attempt)))))
                        .as("delay(%d) threw: base << attempt overflowed (past 63 bits the shift wraps around to 0 or"
                                + " a negative), and the random bound was no longer positive. Cap the shift, or the"
                                + " window at the cap, before shifting", attempt)
                        .isNull();
                assertThat(delay.get(0).toNanos())
                        .as("delay(%d) with base 10 ms and cap 1 s: expected between half of %d ms and %d ms."
                                + " A negative or tiny value at large attempts means base << attempt overflowed",
                                attempt, window / 1_000_000, window / 1_000_000)
                        .isBetween(window / 2, window);
            }
            assertThat(catchThrowable(() -> backoff.delay(-1))).as("delay(-1): expected IllegalArgumentException, attempts count from 0")
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("backoff is jittered: waiters do not all retry at the same instant")
        void backoffIsJittered() {
            Backoff backoff = new Backoff(Duration.ofMillis(10), Duration.ofMillis(200));

            Set<Duration> delays = new HashSet<>();
            IntStream.range(0, 50).forEach(i -> delays.add(backoff.delay(8)));

            assertThat(delays)
                    .as("distinct values among 50 calls of delay(8): without randomness every waiter released by"
                            + " the same unlock retries at the same moment, and all but one fail again")
                    .hasSizeGreaterThan(10);
        }

        @Test
        @DisplayName("a free lock is taken at once with a single SET")
        void freeLockIsTakenAtOnce() throws InterruptedException {
            RedisLock lock = lock("report");
            stats.reset();

            Optional<Lease> lease = lock.tryLock(Duration.ofSeconds(1));

            assertThat(lease).as("tryLock on a free lock").isPresent();
            assertThat(stats.calls("set")).as("SET commands to take a free lock").isEqualTo(1);
        }

        @Test
        @DisplayName("on a busy lock it gives up after the timeout, having slept between attempts instead of spinning")
        void givesUpOnTimeWithoutSpinning() throws InterruptedException {
            steps.acquired(lock("report"));
            RedisLock waiter = lock("report");
            stats.reset();

            long start = System.nanoTime();
            Optional<Lease> lease = waiter.tryLock(Duration.ofMillis(300));
            Duration waited = Duration.ofNanos(System.nanoTime() - start);

            assertThat(lease).as("tryLock(300 ms) while another process holds the lock for 30 s").isEmpty();
            assertThat(waited).as("time tryLock(300 ms) took: it must use the whole timeout, and not much more")
                    .isBetween(Duration.ofMillis(300), Duration.ofMillis(3_000));
            assertThat(stats.calls("set"))
                    .as("SET attempts in 300 ms: a loop without sleeping sends thousands and steals Redis from"
                            + " everyone; sleep backoff.delay(attempt) between attempts")
                    .isBetween(2L, 20L);
        }

        @Test
        @DisplayName("tryLock(0) makes exactly one attempt, and no tryLock sleeps past its timeout")
        void neverSleepsPastTheTimeout() throws InterruptedException {
            steps.acquired(lock("report"));
            RedisLock waiter = new RedisLock(redis, "report", LEASE,
                    new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(2)));
            stats.reset();

            assertThat(waiter.tryLock(Duration.ZERO)).as("tryLock(0) on a busy lock").isEmpty();
            assertThat(stats.calls("set")).as("SET attempts of tryLock(0) on a busy lock: one, then give up at once"
                    + " (no pause, no second attempt)").isEqualTo(1);

            long start = System.nanoTime();
            Optional<Lease> lease = waiter.tryLock(Duration.ofMillis(200));
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertThat(lease).as("tryLock(200 ms) on a busy lock").isEmpty();
            assertThat(waited).as("time tryLock(200 ms) took with pauses of 1 to 2 s: sleep no longer than the time"
                    + " left (Math.min(delay, left)); sleeping the whole pause overshoots the timeout by a second or"
                    + " more").isLessThan(Duration.ofMillis(900));
        }

        /**
         * Waits until the waiter sent its first SET (so it is waiting now) or ended. If it ended by throwing (a TODO,
         * a bug), the test ends with that exception instead of a timeout.
         */
        private void awaitFirstAttempt(Future<?> waiter) throws Exception {
            await().alias("the waiter's first SET attempt (or its end)").atMost(Duration.ofSeconds(5))
                    .until(() -> waiter.isDone() || stats.calls("set") >= 1);
            if (waiter.isDone()) {
                try {
                    waiter.get();
                } catch (ExecutionException failed) {
                    rethrow(failed.getCause());
                }
            }
        }

        @Test
        @DisplayName("a waiter gets the lock soon after the holder lets go")
        void waiterGetsTheLockAfterRelease() throws Exception {
            steps.acquired(lock("report"));
            stats.reset();
            Future<Optional<Lease>> waiter = threads.submit(() -> lock("report").tryLock(Duration.ofSeconds(5)));
            awaitFirstAttempt(waiter);

            redis.del("lock:report");

            Optional<Lease> lease = waiter.get(5, TimeUnit.SECONDS);
            assertThat(lease).as("tryLock(5 s) after the holder released: expected the lock").isPresent();
            assertThat(redis.get("lock:report")).as("the lock's value: the waiter's token")
                    .isEqualTo(lease.get().token());
        }

        @Test
        @DisplayName("an interrupted waiter stops waiting at once with InterruptedException")
        void interruptStopsTheWait() throws Exception {
            steps.acquired(lock("report"));
            stats.reset();
            AtomicReference<Thread> waitingThread = new AtomicReference<>();
            Future<Optional<Lease>> waiter = threads.submit(() -> {
                waitingThread.set(Thread.currentThread());
                return lock("report").tryLock(Duration.ofSeconds(10));
            });
            awaitFirstAttempt(waiter);

            waitingThread.get().interrupt();
            Throwable outcome = catchThrowable(() -> waiter.get(3, TimeUnit.SECONDS));

            long attempts = stats.calls("set");
            assertThat(outcome instanceof TimeoutException)
                    .as("the waiter 3 s after its interrupt: still waiting. %s", attempts > 200
                            ? "It sent " + attempts + " SETs: it spins without sleeping, and a loop that never"
                                    + " sleeps never notices an interrupt. Sleep backoff.delay(attempt) between"
                                    + " attempts (Thread.sleep throws InterruptedException when interrupted)"
                            : "Do not swallow InterruptedException; an interrupt means \"stop\" (e.g. the"
                                    + " application shuts down)")
                    .isFalse();
            assertThat(outcome == null ? null : outcome.getCause())
                    .as("what tryLock threw when interrupted (null: it returned, swallowing the interrupt)")
                    .isInstanceOf(InterruptedException.class);
        }
    }

    @Nested
    @Task(4)
    @DisplayName("Task 4: withLock runs code under the lock and always releases it")
    class Task4_WithLock {

        @Test
        @DisplayName("the work runs while the lock is held, its result is returned, and the lock is free after")
        void runsWorkUnderTheLock() throws Exception {
            AtomicBoolean heldDuringWork = new AtomicBoolean();

            String result = lock("report").withLock(Duration.ofSeconds(1), () -> {
                heldDuringWork.set(redis.exists("lock:report"));
                return "done";
            });

            assertThat(result).as("withLock's return value: the work's result").isEqualTo("done");
            assertThat(heldDuringWork).as("lock:report existed while the work ran").isTrue();
            assertThat(redis.exists("lock:report")).as("lock:report after withLock returned: released").isFalse();
        }

        @Test
        @DisplayName("the lock is released when the work throws, even an Error, and the caller gets it unchanged")
        void releasesWhenWorkThrows() {
            IllegalStateException failure = new IllegalStateException("report generation failed");

            assertThat(Todo.surfacing(catchThrowable(() -> lock("report").withLock(Duration.ofSeconds(1), () -> {
                throw failure;
            })))).as("what withLock throws when the work throws: the work's own exception, not a wrapper")
                    .isSameAs(failure);
            assertThat(redis.exists("lock:report"))
                    .as("lock:report after the work threw: still held means everybody waits 30 s for the lease to"
                            + " run out. Release in a finally block")
                    .isFalse();

            AssertionError error = new AssertionError("an assert in the report failed");
            assertThat(catchThrowable(() -> lock("report").withLock(Duration.ofSeconds(1), () -> {
                throw error;
            }))).as("what withLock throws when the work throws an Error: that Error, unchanged").isSameAs(error);
            assertThat(redis.exists("lock:report"))
                    .as("lock:report after the work threw an AssertionError: an Error is not an Exception, so"
                            + " catch (Exception e) { release(...); throw e; } never releases. Use finally")
                    .isFalse();
        }

        @Test
        @DisplayName("a lock that stays busy ends in LockTimeoutException, and the work never runs")
        void timeoutDoesNotRunTheWork() {
            Lease holder = steps.acquired(lock("report"));
            AtomicBoolean ran = new AtomicBoolean();

            assertThat(Todo.surfacing(catchThrowable(() -> lock("report").withLock(Duration.ofMillis(200), () -> {
                ran.set(true);
                return null;
            })))).as("withLock on a lock held by someone else for 30 s, waiting 200 ms")
                    .isInstanceOf(LockTimeoutException.class);
            assertThat(ran).as("the work ran without the lock").isFalse();
            assertThat(redis.get("lock:report")).as("the holder's lock after the timeout").isEqualTo(holder.token());
        }

        @Test
        @DisplayName("8 threads doing GET then SET under the lock end with the exact total, one inside at a time")
        void mutualExclusionUnderContention() {
            RedisLock lock = new RedisLock(redis, "counter", Duration.ofSeconds(5),
                    new Backoff(Duration.ofMillis(1), Duration.ofMillis(20)));
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger mostInside = new AtomicInteger();
            int threadCount = 8;
            int incrementsEach = 20;

            Concurrently.run(threadCount, () -> {
                for (int i = 0; i < incrementsEach; i++) {
                    lock.withLock(Duration.ofSeconds(10), () -> {
                        mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        // A read-modify-write that is only safe under mutual exclusion.
                        String current = redis.get("counter");
                        redis.set("counter", Integer.toString(current == null ? 1 : Integer.parseInt(current) + 1));
                        inside.decrementAndGet();
                        return null;
                    });
                }
            });

            assertThat(redis.get("counter")).as("counter after %d x %d locked increments: lost updates mean two"
                    + " threads were inside at once", threadCount, incrementsEach)
                    .isEqualTo(Integer.toString(threadCount * incrementsEach));
            assertThat(mostInside.get()).as("most threads ever inside the lock at the same time").isEqualTo(1);
        }
    }

    @Nested
    @Task(5)
    @DisplayName("Task 5: renew the lease while (and only while) you own it")
    class Task5_Renewal {

        @Test
        @DisplayName("extend gives the holder a full lease again, in one Lua script")
        void extendRenewsTheOwnersLease() {
            RedisLock lock = lock("report");
            Lease lease = steps.acquired(lock);
            redis.pexpire("lock:report", 1_000); // 29 s of work done, 1 s left
            stats.reset();

            boolean extended = lock.extend(lease);

            assertThat(extended).as("extend by the holder").isTrue();
            assertThat(redis.pttl("lock:report")).as("PTTL after extend: a full 30 s lease again")
                    .isBetween(LEASE.toMillis() - 2_000, LEASE.toMillis());
            assertThat(scriptCalls()).as("EVAL/EVALSHA calls: the ownership check and PEXPIRE must be one script")
                    .isGreaterThanOrEqualTo(1);
            for (Duration brief : List.of(Duration.ofMillis(1_500), Duration.ofMillis(900))) {
                RedisLock quick = new RedisLock(redis, "quick", brief);
                Lease quickLease = steps.acquired(quick);
                redis.pexpire("lock:quick", 100);
                assertThat(quick.extend(quickLease)).as("extend by the holder of a %d ms lease", brief.toMillis())
                        .isTrue();
                assertThat(redis.pttl("lock:quick")).as("PTTL after extending a %d ms lease: the lease to the ms."
                        + " 1 000 or less for 1.5 s, or -2 for 900 ms, means EXPIRE with whole seconds: PEXPIRE with"
                        + " milliseconds", brief.toMillis())
                        .isBetween(brief.toMillis() - 400, brief.toMillis());
                redis.del("lock:quick");
            }
        }

        @Test
        @DisplayName("extend neither prolongs another holder's lock nor brings an expired one back")
        void extendOnlyWhileOwner() {
            RedisLock a = lock("report");
            Lease leaseA = steps.acquired(a);
            steps.leaseRunsOut("lock:report");

            boolean extended = a.extend(leaseA);
            assertThat(redis.exists("lock:report"))
                    .as("lock:report after extending an expired lease: a SET to \"renew\" it resurrects a lock that"
                            + " somebody else may be about to take (check the owner, then PEXPIRE, in one script:"
                            + " PEXPIRE on a key that is gone does nothing)").isFalse();
            assertThat(extended).as("extend after the lease ran out and nobody took the lock: the lease is lost")
                    .isFalse();

            Lease leaseB = steps.acquired(lock("report"));
            redis.pexpire("lock:report", 5_000);
            assertThat(a.extend(leaseA)).as("A extending while B holds the lock").isFalse();
            assertThat(redis.get("lock:report")).as("the lock's value: B's token").isEqualTo(leaseB.token());
            assertThat(redis.pttl("lock:report")).as("PTTL of B's lock after A's extend: untouched (at most 5 s)")
                    .isBetween(1L, 5_000L);
        }

        @Test
        @DisplayName("the watchdog renews well before the lease runs out, on every tick while the lock is held")
        void watchdogRenewsWhileHeld() {
            RedisLock lock = lock("report");
            Lease lease = steps.acquired(lock);
            ManualScheduler scheduler = new ManualScheduler();

            LeaseWatchdog watchdog = LeaseWatchdog.start(lock, lease, scheduler);

            assertThat(scheduler.period()).as("renewal period for a 30 s lease: renew when at most half is used,"
                    + " so one late or failed renewal does not lose the lock")
                    .isPositive().isLessThanOrEqualTo(LEASE.dividedBy(2));
            for (int tick = 0; tick < 3; tick++) {
                redis.pexpire("lock:report", 1_000);
                scheduler.tick();
                assertThat(redis.pttl("lock:report")).as("PTTL after renewal tick %d: a full lease again", tick)
                        .isBetween(LEASE.toMillis() - 2_000, LEASE.toMillis());
            }
            assertThat(watchdog.isRunning()).as("the watchdog while its lease is held").isTrue();
            watchdog.stop();
            assertThat(scheduler.cancelled()).as("the scheduled renewal after stop(): cancelled").isTrue();
        }

        @Test
        @DisplayName("after release the watchdog stops for good and never extends the next holder")
        void watchdogStopsAfterRelease() {
            RedisLock lock = lock("report");
            Lease lease = steps.acquired(lock);
            ManualScheduler scheduler = new ManualScheduler();
            LeaseWatchdog watchdog = LeaseWatchdog.start(lock, lease, scheduler);
            lock.release(lease);

            scheduler.tick();
            assertThat(redis.exists("lock:report"))
                    .as("lock:report after a watchdog tick on a released lease: a renewal that SETs the key again"
                            + " resurrects a lock that is no longer yours (check the owner, then PEXPIRE, in one"
                            + " script)").isFalse();
            Lease next = steps.acquired(lock("report"));
            redis.pexpire("lock:report", 5_000);
            scheduler.tick();

            assertThat(watchdog.isRunning()).as("the watchdog after a tick found its lease released").isFalse();
            assertThat(scheduler.cancelled())
                    .as("its scheduled task: cancelled, or it renews (or tries to) forever on a real scheduler")
                    .isTrue();
            assertThat(redis.get("lock:report")).as("the next holder's lock").isEqualTo(next.token());
            assertThat(redis.pttl("lock:report")).as("PTTL of the next holder's lock: not extended by the old watchdog")
                    .isBetween(1L, 5_000L);
        }

        @Test
        @DisplayName("a watchdog whose lease ran out and was taken stops, and the thief's lock is left alone")
        void watchdogNeverExtendsAStolenLock() {
            RedisLock lock = lock("report");
            Lease lease = steps.acquired(lock);
            ManualScheduler scheduler = new ManualScheduler();
            LeaseWatchdog watchdog = LeaseWatchdog.start(lock, lease, scheduler);
            steps.leaseRunsOut("lock:report");

            scheduler.tick();
            assertThat(redis.exists("lock:report"))
                    .as("lock:report after a watchdog tick on an expired lease: a renewal that SETs the key again"
                            + " resurrects a lock that somebody else may be about to take")
                    .isFalse();

            Lease thief = steps.acquired(lock("report"));
            redis.pexpire("lock:report", 5_000);
            scheduler.tick();

            assertThat(watchdog.isRunning()).as("the watchdog after its lease was lost").isFalse();
            assertThat(redis.get("lock:report")).as("the new holder's lock").isEqualTo(thief.token());
            assertThat(redis.pttl("lock:report")).as("PTTL of the new holder's lock: not extended (at most 5 s)")
                    .isBetween(1L, 5_000L);
        }

        @Test
        @DisplayName("a renewal that fails on a dropped connection does not end the watchdog: the next tick renews")
        void watchdogSurvivesAFailedRenewal(RedisClient watchdogClient) {
            RedisLock lock = new RedisLock(watchdogClient, "report", LEASE);
            Lease lease = steps.acquired(lock);
            Object connection = watchdogClient.sendCommand(Protocol.Command.CLIENT, "ID");
            ManualScheduler scheduler = new ManualScheduler();
            LeaseWatchdog watchdog = LeaseWatchdog.start(lock, lease, scheduler);

            // The network drops the watchdog's connection: its next command fails with JedisConnectionException.
            redis.sendCommand(Protocol.Command.CLIENT, "KILL", "ID", String.valueOf(connection));
            redis.pexpire("lock:report", 10_000);
            Throwable thrown = Todo.surfacing(catchThrowable(scheduler::tick));

            assertThat(redis.pttl("lock:report")).as("(setup) PTTL after the tick on a dropped connection: no renewal")
                    .isBetween(1L, 10_000L);
            assertThat(thrown)
                    .as("what the renewal let escape when Redis could not be reached. On a ScheduledExecutorService an"
                            + " exception silently cancels all later runs, and the lease runs out while you work:"
                            + " catch it in the renewal and let the next tick try again")
                    .isNull();
            assertThat(watchdog.isRunning())
                    .as("the watchdog after one failed renewal: a connection error does not mean the lease is lost")
                    .isTrue();

            scheduler.tick();
            assertThat(redis.pttl("lock:report")).as("PTTL after the next tick, connected again: a full lease")
                    .isBetween(LEASE.toMillis() - 2_000, LEASE.toMillis());
            watchdog.stop();
        }
    }

    @Nested
    @Task(6)
    @DisplayName("Task 6: fencing tokens that a database checks")
    class Task6_Fencing {

        Connection keepAlive;
        JdbcDataSource dataSource;

        @BeforeEach
        void createDatabase() throws SQLException, IOException {
            dataSource = new JdbcDataSource();
            // A private in-memory database, gone when keepAlive closes after the test.
            dataSource.setURL("jdbc:h2:mem:lab10-" + UUID.randomUUID());
            keepAlive = dataSource.getConnection();
            try (InputStream schema = getClass().getResourceAsStream("/files.sql");
                    Statement statement = keepAlive.createStatement()) {
                statement.execute(new String(schema.readAllBytes(), StandardCharsets.UTF_8));
            }
        }

        @AfterEach
        void dropDatabase() throws SQLException {
            keepAlive.close();
        }

        private String[] file(String name) throws SQLException {
            try (PreparedStatement query = keepAlive.prepareStatement(
                    "SELECT content, fence FROM files WHERE name = ?")) {
                query.setString(1, name);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? new String[] {row.getString(1), Long.toString(row.getLong(2))} : null;
                }
            }
        }

        @Test
        @DisplayName("every acquisition gets a bigger fence, from a counter that never expires")
        void fencesGrow() {
            FencedLock a = new FencedLock(redis, lock("report"));
            FencedLock b = new FencedLock(redis, lock("report"));

            FencedLease first = a.tryAcquire().orElseThrow();
            steps.leaseRunsOut("lock:report");
            FencedLease second = b.tryAcquire().orElseThrow();

            assertThat(second.fence()).as("fence of the acquisition after A's lease ran out: bigger than A's (%d)",
                    first.fence()).isGreaterThan(first.fence());
            assertThat(redis.get("lock:report")).as("lock:report holds the second lease's token")
                    .isEqualTo(second.lease().token());
            assertThat(redis.pttl(b.fenceKey()))
                    .as("PTTL of the fence counter %s: -1 (no expiry). A counter that expires starts again at 1, and"
                            + " stale holders look current", b.fenceKey())
                    .isEqualTo(-1L);
        }

        @Test
        @DisplayName("a busy lock hands out no fence, and acquiring is a single script call")
        void busyLockDrawsNoFence() {
            FencedLock a = new FencedLock(redis, lock("report"));
            FencedLease held = a.tryAcquire().orElseThrow();
            stats.reset();

            Optional<FencedLease> second = new FencedLock(redis, lock("report")).tryAcquire();

            assertThat(second).as("tryAcquire on a held lock").isEmpty();
            assertThat(redis.get(a.fenceKey())).as("the fence counter after a failed attempt: unchanged")
                    .isEqualTo(Long.toString(held.fence()));
            assertThat(scriptCalls()).as("EVAL/EVALSHA calls for one attempt: SET NX PX and INCR belong in one"
                    + " script, so no other holder can come between taking the lock and drawing the number")
                    .isGreaterThanOrEqualTo(1);
            assertThat(stats.calls("exec")).as("MULTI/EXEC would INCR even when SET NX fails").isZero();
        }

        @Test
        @DisplayName("A pauses past its lease, B acquires and writes, A's late write is rejected by the database")
        void staleHolderIsFencedOff() throws SQLException {
            FencedStore store = new FencedStore(dataSource);
            FencedLease a = new FencedLock(redis, lock("report")).tryAcquire().orElseThrow();
            steps.leaseRunsOut("lock:report"); // A is stuck in a GC pause and does not know
            FencedLease b = new FencedLock(redis, lock("report")).tryAcquire().orElseThrow();

            assertThat(store.write("report.txt", "written by B", b.fence())).as("B's write with fence %d", b.fence())
                    .isTrue();
            boolean lateWrite = store.write("report.txt", "written by A", a.fence());

            assertThat(lateWrite).as("A's late write with its old fence %d after B wrote with %d: rejected",
                    a.fence(), b.fence()).isFalse();
            assertThat(file("report.txt")).as("row report.txt (content, fence) in the database")
                    .containsExactly("written by B", Long.toString(b.fence()));
        }

        @Test
        @DisplayName("the holder's first write creates the file, and it may write again with the same fence")
        void holderWritesRepeatedly() throws SQLException {
            FencedStore store = new FencedStore(dataSource);
            FencedLease lease = new FencedLock(redis, lock("report")).tryAcquire().orElseThrow();

            assertThat(store.write("report.txt", "draft", lease.fence())).as("first write (the file is new)").isTrue();
            assertThat(store.write("report.txt", "final", lease.fence())).as("second write with the same fence")
                    .isTrue();
            assertThat(file("report.txt")).as("row report.txt (content, fence)")
                    .containsExactly("final", Long.toString(lease.fence()));
        }

        @Test
        @DisplayName("the fences are compared in the write itself: no SELECT first, one statement per overwrite")
        void fenceIsComparedInTheWrite() throws SQLException {
            FencedLease a = new FencedLock(redis, lock("report")).tryAcquire().orElseThrow();
            steps.leaseRunsOut("lock:report");
            FencedLease b = new FencedLock(redis, lock("report")).tryAcquire().orElseThrow();
            SqlRecorder sql = new SqlRecorder();
            FencedStore store = new FencedStore(sql.wrap(dataSource));

            assertThat(store.write("report.txt", "written by A", a.fence())).as("A creates report.txt").isTrue();
            List<String> creating = sql.take();
            assertThat(store.write("report.txt", "written by B", b.fence())).as("B overwrites it with a newer fence")
                    .isTrue();
            List<String> overwriting = sql.take();
            assertThat(store.write("report.txt", "late A", a.fence())).as("A's late write with its old fence")
                    .isFalse();
            List<String> rejected = sql.take();

            assertThat(Stream.of(creating, overwriting, rejected).flatMap(List::stream).toList())
                    .filteredOn(SqlRecorder::isQuery)
                    .as("SELECTs among the SQL of three writes. Reading the fence and comparing it in Java before the"
                            + " UPDATE leaves a gap in which a newer holder writes, and the stale write then lands on"
                            + " top: put the comparison in the WHERE of the UPDATE")
                    .isEmpty();
            assertThat(overwriting).as("SQL for B's accepted overwrite of an existing file: one conditional UPDATE")
                    .hasSize(1)
                    .allMatch(SqlRecorder::isWrite);
        }

        @Test
        @DisplayName("a stale holder creating the file between the current holder's statements does not win")
        void firstWriteRaceKeepsTheNewerFence() throws Exception {
            FencedLease a = new FencedLock(redis, lock("report")).tryAcquire().orElseThrow();
            steps.leaseRunsOut("lock:report"); // A is paused and does not know
            FencedLease b = new FencedLock(redis, lock("report")).tryAcquire().orElseThrow();
            SqlRecorder sql = new SqlRecorder();
            AtomicReference<Future<Boolean>> staleWrite = new AtomicReference<>();
            // Right after B's first statement, A wakes up and writes the file that does not exist yet.
            sql.afterFirstStatement(() -> {
                staleWrite.set(threads.submit(() -> new FencedStore(dataSource).write("report.txt", "written by A",
                        a.fence())));
                try {
                    staleWrite.get().get(2, TimeUnit.SECONDS);
                } catch (TimeoutException waitsForBsTransaction) {
                    // B holds a lock A needs: A finishes once B commits, which is just as good an order.
                } catch (ExecutionException failed) {
                    // Rethrown below, once B's write is over.
                }
            });

            boolean accepted = new FencedStore(sql.wrap(dataSource)).write("report.txt", "written by B", b.fence());
            assertThat(staleWrite.get()).as("(setup) A's write, started right after B's first SQL statement")
                    .isNotNull();
            try {
                staleWrite.get().get(5, TimeUnit.SECONDS);
            } catch (ExecutionException failed) {
                rethrow(failed.getCause());
            }

            assertThat(accepted)
                    .as("B's write with fence %d after A (fence %d) created the file between B's UPDATE and INSERT."
                            + " A duplicate key does not mean \"a newer fence is there\": the row may hold an older"
                            + " one. Run the conditional UPDATE again", b.fence(), a.fence())
                    .isTrue();
            assertThat(file("report.txt")).as("row report.txt (content, fence): the current holder's write")
                    .containsExactly("written by B", Long.toString(b.fence()));
        }
    }
}

package learn.redis.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import learn.redis.support.RedisLab;
import learn.redis.support.RestartableRedis;
import learn.redis.support.Task;
import learn.redis.support.Todo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Every test that touches Redis gets a server of its own (a {@link RestartableRedis}) and may crash it for real
 * (SIGKILL). With an external REDIS_URL, {@code @RedisLab} skips those tests with the reason,
 * since nobody may kill a server they do not own.
 */
@RedisLab
@DisplayName("Lab 06: persistence")
class PersistenceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private OwnServer server;

    @AfterEach
    void closeClient() {
        if (server != null) {
            server.close();
        }
    }

    private PersistenceAdmin admin() {
        return new PersistenceAdmin(server.client());
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    @Nested
    @Task(1)
    @DisplayName("Task 1: read the persistence configuration")
    class Task1_ReadConfiguration {

        @BeforeEach
        void start(RestartableRedis redis) {
            server = new OwnServer(redis);
        }

        @Test
        @DisplayName("a fresh lab server reports no save points, AOF off, appendfsync everysec and its own directory")
        void freshServer() throws IOException {
            List<PersistenceConfig> read = new ArrayList<>(1);
            assertThat(Todo.surfacing(catchThrowable(() -> read.add(admin().current()))))
                    .as("current() threw on a server whose CONFIG GET save is \"\" (no save points): \"\".split(...)"
                            + " gives one empty string, not zero numbers. Treat a blank value as an empty list")
                    .isNull();
            PersistenceConfig config = read.get(0);

            assertThat(config.savePoints())
                    .as("CONFIG GET save returns \"\" on this server: that means no save points, an empty list")
                    .isEmpty();
            assertThat(config.appendOnly()).as("CONFIG GET appendonly returns \"no\" on this server").isFalse();
            assertThat(config.appendFsync()).as("CONFIG GET appendfsync returns \"everysec\" on this server")
                    .isEqualTo(AppendFsync.EVERYSEC);
            assertThat(config.dir().toRealPath())
                    .as("CONFIG GET dir is where this server writes dump.rdb and the AOF: its own data directory")
                    .isEqualTo(server.dataDir().toRealPath());
        }

        @Test
        @DisplayName("settings changed at runtime are read back: every save point in order, AOF on, always")
        void changedSettings() {
            server.client().configSet("save", "900 1 300 10 60 10000");
            server.client().configSet("appendfsync", "always");
            server.enableAofAndWait();

            PersistenceConfig config = admin().current();

            assertThat(config.savePoints())
                    .as("save \"900 1 300 10 60 10000\" is three pairs of (seconds, changes), in that order")
                    .containsExactly(SavePoint.of(900, 1), SavePoint.of(300, 10), SavePoint.of(60, 10_000));
            assertThat(config.appendOnly()).as("CONFIG GET appendonly now returns \"yes\"").isTrue();
            assertThat(config.appendFsync()).as("CONFIG GET appendfsync now returns \"always\"")
                    .isEqualTo(AppendFsync.ALWAYS);
        }
    }

    @Nested
    @Task(2)
    @DisplayName("Task 2: take a snapshot and wait until it is really on disk")
    class Task2_Snapshot {

        @BeforeEach
        void start(RestartableRedis redis) {
            server = new OwnServer(redis);
        }

        @Test
        @DisplayName("snapshot() returns only once BGSAVE has finished, even when the save takes seconds")
        void slowSave() {
            server.client().set("order:1", "paid");
            server.makeSavesSlow(Duration.ofMillis(2500));
            long before = server.lastSave();

            List<Instant> result = new ArrayList<>(1);
            assertThat(Todo.surfacing(catchThrowable(() -> result.add(admin().snapshot(TIMEOUT)))))
                    .as("snapshot() of a save that takes 2.5 s failed. A read timeout means the client waited for"
                            + " the reply of a command that blocked for the whole save: SAVE blocks the server (every"
                            + " client waits), BGSAVE forks and answers at once; then poll INFO persistence")
                    .isNull();
            Instant saved = result.get(0);

            Map<String, String> info = server.persistenceInfo();
            assertThat(info.get("rdb_bgsave_in_progress"))
                    .as("snapshot() returned while BGSAVE was still writing (rdb_bgsave_in_progress:1): poll"
                            + " INFO persistence until it is 0 instead of sleeping a fixed time")
                    .isEqualTo("0");
            assertThat(info.get("rdb_last_bgsave_status")).as("the snapshot should have succeeded")
                    .isEqualTo("ok");
            assertThat(server.lastSave()).as("LASTSAVE should have moved past its value before the snapshot")
                    .isGreaterThan(before);
            assertThat(saved).as("snapshot() should return the server's LASTSAVE (seconds since the epoch)")
                    .isEqualTo(Instant.ofEpochSecond(server.lastSave()));

            server.crashAndStart();
            assertThat(server.client().get("order:1"))
                    .as("after a crash the server loads dump.rdb: a key written before the snapshot is back")
                    .isEqualTo("paid");
        }

        @Test
        @DisplayName("snapshot() of a small dataset returns within a second or two: it polls, it does not sleep")
        void quickSave() {
            server.client().set("order:1", "paid");
            // A snapshot was just taken, as on a busy server: LASTSAVE is this very second, with half of it left,
            // so a BGSAVE sent at once finishes in the same second and cannot move LASTSAVE (not a matter of luck).
            server.saveEarlyInASecond();
            long before = server.lastSave();
            long start = System.nanoTime();

            admin().snapshot(TIMEOUT);

            Duration took = since(start);
            assertThat(server.lastSave())
                    .as("LASTSAVE did not move: it counts whole seconds (see"
                            + " ./mvnw -q -Phint -Dlab=06 -Dtask=2 -Dlevel=2)")
                    .isGreaterThan(before);
            assertThat(took)
                    .as("saving one key takes milliseconds, plus at most a second for LASTSAVE to be able to"
                            + " move; snapshot() took %s. A fixed sleep cannot be both this short and long enough"
                            + " for the slow save of the other test", took)
                    .isLessThan(Duration.ofMillis(2500));
        }

        @Test
        @DisplayName("a failed BGSAVE makes snapshot() throw at once instead of returning or waiting for the timeout")
        void failedSave() throws IOException {
            server.client().set("order:1", "paid");
            // Redis writes temp-PID.rdb and renames it to dump.rdb: a non-empty directory of that name is in the way.
            Files.createDirectories(server.dataDir().resolve("dump.rdb").resolve("in-the-way"));
            long start = System.nanoTime();

            Throwable thrown = catchThrowable(() -> admin().snapshot(Duration.ofSeconds(8)));

            assertThat(thrown)
                    .as("this BGSAVE fails (INFO persistence: rdb_last_bgsave_status:err); snapshot() should"
                            + " throw an IllegalStateException, not report a snapshot that does not exist")
                    .isInstanceOf(IllegalStateException.class);
            Duration took = since(start);
            assertThat(took)
                    .as("snapshot() gave up only after %s: a failed save never moves LASTSAVE, so check"
                            + " rdb_last_bgsave_status as soon as rdb_bgsave_in_progress is 0", took)
                    .isLessThan(Duration.ofSeconds(4));
        }
    }

    @Nested
    @Task(3)
    @DisplayName("Task 3: prove what a crash loses under RDB")
    class Task3_CrashDrill {

        private RecordingServer control;

        @BeforeEach
        void start(RestartableRedis redis) {
            server = new OwnServer(redis);
            control = new RecordingServer(server);
            // As in production: automatic snapshots are far apart (and a graceful SHUTDOWN would save one).
            server.client().configSet("save", "3600 1");
        }

        /** Runs the drill, and explains the classic way it breaks instead of a bare "Unexpected end of stream". */
        private DrillReport drill(Map<String, String> beforeSnapshot, Map<String, String> afterSnapshot) {
            try {
                return CrashDrill.run(control, beforeSnapshot, afterSnapshot);
            } catch (JedisConnectionException e) {
                return fail("the drill lost its connection (" + e.getMessage() + "): the client's pooled"
                        + " connections died with the crashed process: open a new client after start()", e);
            }
        }

        @Test
        @DisplayName("keys written before the snapshot survive the crash, keys written after it are lost")
        void beforeSurvivesAfterIsLost() {
            DrillReport report = drill(Map.of("order:1", "paid", "order:2", "shipped"), Map.of("order:3", "paid"));

            assertThat(report.lost())
                    .as("order:3 was written after the snapshot and only lived in memory: the crash loses it."
                            + " If it survived, the server was stopped gracefully (SHUTDOWN saves first)")
                    .contains("order:3");
            assertThat(report.survived())
                    .as("order:1 and order:2 were in the snapshot, so the restarted server loads them from dump.rdb;"
                            + " a key counts as survived when GET returns the value that was written")
                    .containsExactlyInAnyOrder("order:1", "order:2");
            assertThat(report.lost()).as("every key written is either survived or lost, never both")
                    .containsExactly("order:3");
        }

        @Test
        @DisplayName("the drill crashes the server for real and leaves it running again")
        void realCrash() {
            drill(Map.of("order:1", "paid"), Map.of("order:2", "paid"));

            assertThat(control.calls())
                    .as("expected crash() then start(). shutdownGracefully() is SHUTDOWN, which writes a snapshot"
                            + " when save points exist: the late write would survive and the drill would prove"
                            + " nothing")
                    .containsExactly("crash", "start");
            assertThat(server.client().get("order:2"))
                    .as("the restarted server itself should not have the write made after the snapshot")
                    .isNull();
            assertThat(server.client().get("order:1"))
                    .as("the restarted server should have the write made before the snapshot").isEqualTo("paid");
        }
    }

    @Nested
    @Task(4)
    @DisplayName("Task 4: turn AOF on at runtime")
    class Task4_EnableAof {

        @BeforeEach
        void start(RestartableRedis redis) {
            server = new OwnServer(redis);
        }

        @Test
        @DisplayName("enableAof() returns after the first AOF rewrite; then, with fsync always, no acknowledged write is lost")
        void everyAcknowledgedWriteSurvives() {
            // With everysec, Redis may hold writes in memory for up to 2 s while a slow fsync runs (as right after
            // the first rewrite) and a crash loses them; always writes and fsyncs before every reply.
            server.client().configSet("appendfsync", "always");
            server.client().set("order:1", "paid");
            server.makeSavesSlow(Duration.ofSeconds(1));

            admin().enableAof(TIMEOUT);

            Map<String, String> info = server.persistenceInfo();
            assertThat(info.get("aof_enabled")).as("CONFIG SET appendonly yes turns AOF on").isEqualTo("1");
            assertThat(info.get("aof_rewrite_in_progress"))
                    .as("enableAof() returned while the first rewrite was still running: until it ends, the AOF"
                            + " holds only the writes made since CONFIG SET, and a crash loses the rest")
                    .isEqualTo("0");
            assertThat(info.get("aof_last_bgrewrite_status")).as("the first rewrite should have succeeded")
                    .isEqualTo("ok");
            for (int i = 0; i < 100; i++) {
                server.client().set("event:" + i, "logged");
            }

            server.crashAndStart();

            assertThat(server.config("appendonly"))
                    .as("did appendonly survive the restart? A restarted server reads redis.conf again, where it is"
                            + " still no, and loads the old dump.rdb instead of the AOF: CONFIG REWRITE once the"
                            + " first rewrite has finished")
                    .isEqualTo("yes");
            assertThat(server.client().get("order:1"))
                    .as("order:1 was written before AOF was on: only the first rewrite put it in the AOF")
                    .isEqualTo("paid");
            assertThat(server.client().keys("event:*"))
                    .as("with appendfsync always every acknowledged write is in the AOF before its reply: all 100"
                            + " should be back")
                    .hasSize(100);
        }

        @Test
        @DisplayName("appendonly yes survives the restart: the config file is rewritten")
        void settingSurvivesRestart() {
            admin().enableAof(TIMEOUT);

            server.crashAndStart();

            assertThat(server.config("appendonly"))
                    .as("a restarted server reads its config file again, where appendonly is still no: did you"
                            + " CONFIG REWRITE after the rewrite finished?")
                    .isEqualTo("yes");
            assertThat(server.configFileLines()).as("CONFIG REWRITE writes the setting into redis.conf")
                    .contains("appendonly yes");
        }

        @Test
        @DisplayName("a rewrite that does not finish in time leaves redis.conf alone: CONFIG REWRITE comes after it")
        void configFileUntouchedUntilRewriteDone() {
            server.client().set("order:1", "paid");
            server.makeSavesSlow(Duration.ofSeconds(4));
            try {
                Throwable thrown = catchThrowable(() -> admin().enableAof(Duration.ofSeconds(1)));

                assertThat(thrown)
                        .as("the first rewrite takes 4 s here and the timeout is 1 s: enableAof() should give up"
                                + " with an IllegalStateException")
                        .isInstanceOf(IllegalStateException.class);
                assertThat(server.configFileLines())
                        .as("redis.conf says appendonly yes although the AOF does not hold the dataset yet: a"
                                + " restart now would load that AOF and ignore dump.rdb. CONFIG REWRITE only after"
                                + " the rewrite has finished (and never when it failed)")
                        .doesNotContain("appendonly yes");
            } finally {
                // Stops the rewrite child: while the first rewrite runs, Redis refuses even SHUTDOWN NOSAVE.
                server.client().configSet("appendonly", "no");
            }
        }

        @Test
        @DisplayName("enableAof() waits for a rewrite that Redis scheduled behind a running BGSAVE")
        void rewriteScheduledBehindBgsave() {
            server.startSlowBgsave();

            admin().enableAof(TIMEOUT);

            Map<String, String> info = server.persistenceInfo();
            assertThat(info.get("aof_rewrite_scheduled"))
                    .as("while a BGSAVE runs, Redis only schedules the rewrite (aof_rewrite_scheduled:1,"
                            + " aof_rewrite_in_progress:0): wait until both are 0")
                    .isEqualTo("0");
            assertThat(info.get("aof_rewrite_in_progress")).as("the scheduled rewrite should have finished too")
                    .isEqualTo("0");
            assertThat(server.aofBytes())
                    .as("the finished rewrite wrote the whole dataset to the AOF on disk").isPositive();
        }
    }

    @Nested
    @Task(5)
    @DisplayName("Task 5: compact the AOF")
    class Task5_CompactAof {

        @BeforeEach
        void start(RestartableRedis redis) {
            server = new OwnServer(redis);
            server.enableAofAndWait();
        }

        @Test
        @DisplayName("BGREWRITEAOF shrinks a log full of overwrites, and the data survives a crash")
        void compactsAndKeepsData() {
            for (int i = 1; i <= 2000; i++) {
                server.client().set("stock:42", Integer.toString(i));
                server.client().incr("visits");
            }
            long before = server.aofBytes();
            server.makeSavesSlow(Duration.ofSeconds(1));

            admin().compactAof(TIMEOUT);

            Map<String, String> info = server.persistenceInfo();
            assertThat(info.get("aof_rewrite_in_progress"))
                    .as("compactAof() returned while BGREWRITEAOF was still running: wait as in Task 4")
                    .isEqualTo("0");
            long after = server.aofBytes();
            assertThat(after)
                    .as("4000 writes to 2 keys should compact to the 2 final values (plus %d filler keys):"
                            + " %d bytes before, %d after", OwnServer.FILLER_KEYS, before, after)
                    .isLessThan(before / 10);

            server.crashAndStart();
            assertThat(server.client().get("stock:42")).as("the last value of stock:42 after the rewrite")
                    .isEqualTo("2000");
            assertThat(server.client().get("visits")).as("2000 INCRs, replayed as one value").isEqualTo("2000");
        }

        @Test
        @DisplayName("compactAof() waits for a rewrite that Redis scheduled behind a running BGSAVE")
        void compactScheduledBehindBgsave() {
            for (int i = 1; i <= 2000; i++) {
                server.client().set("stock:42", Integer.toString(i));
            }
            long before = server.aofBytes();
            server.startSlowBgsave();

            admin().compactAof(TIMEOUT);

            Map<String, String> info = server.persistenceInfo();
            assertThat(info.get("aof_rewrite_scheduled"))
                    .as("while a BGSAVE runs, BGREWRITEAOF is only scheduled (aof_rewrite_scheduled:1,"
                            + " aof_rewrite_in_progress:0): wait until both are 0, as in Task 4")
                    .isEqualTo("0");
            assertThat(info.get("aof_rewrite_in_progress")).as("the scheduled rewrite should have finished too")
                    .isEqualTo("0");
            assertThat(info.get("aof_last_bgrewrite_status")).as("the rewrite should have succeeded")
                    .isEqualTo("ok");
            long after = server.aofBytes();
            assertThat(after)
                    .as("2000 writes to one key should compact to its final value (plus %d filler keys):"
                            + " %d bytes before, %d after", OwnServer.FILLER_KEYS, before, after)
                    .isLessThan(before / 10);
        }

        @Test
        @DisplayName("compactAof() refuses with a clear error, without BGREWRITEAOF, when AOF is off")
        void refusesWhenAofIsOff() {
            server.client().configSet("appendonly", "no");
            server.resetStats();

            Throwable thrown = catchThrowable(() -> admin().compactAof(TIMEOUT));

            assertThat(thrown)
                    .as("with appendonly no there is no log to compact: throw an IllegalStateException whose message"
                            + " names AOF or appendonly")
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageMatching("(?is).*(aof|append).*");
            assertThat(server.calls("bgrewriteaof"))
                    .as("check aof_enabled (INFO persistence) before sending BGREWRITEAOF: Redis 6.2 would write"
                            + " a log that nothing reads")
                    .isZero();
        }
    }

    @Nested
    @Task(6)
    @DisplayName("Task 6: choose and apply a persistence policy")
    class Task6_ChoosePolicy {

        @Test
        @DisplayName("a cache, whose data can be rebuilt, pays for no persistence it does not need")
        void cacheOnly() {
            PersistencePolicy policy = DurabilityPolicies.policyFor(Requirement.CACHE_ONLY);

            assertThat(policy.appendOnly()).as("a cache rebuilds from the database: no AOF").isFalse();
            assertThat(policy.savePoints())
                    .as("no save points either: every snapshot forks the server and writes the whole dataset,"
                            + " for data nobody needs after a restart")
                    .isEmpty();
        }

        @Test
        @DisplayName("five minutes of loss acceptable: bounded even on a quiet server, with nothing more expensive")
        void fewMinutes() {
            PersistencePolicy policy = DurabilityPolicies.policyFor(Requirement.FEW_MINUTES_OF_LOSS_ACCEPTABLE);

            assertThat(policy.appendOnly()).as("snapshots are enough here; AOF costs a write per command")
                    .isFalse();
            assertThat(policy.savePoints())
                    .as("some save point must fire at most 300 s after even one change (e.g. save 300 1),"
                            + " or a quiet server could lose a write older than five minutes")
                    .anySatisfy(point -> {
                        assertThat(point.interval()).isLessThanOrEqualTo(Duration.ofMinutes(5));
                        assertThat(point.minChanges()).isEqualTo(1);
                    });
        }

        @Test
        @DisplayName("at most a second of loss, even on a power loss, and no slower than that needs")
        void oneSecond() {
            PersistencePolicy policy = DurabilityPolicies.policyFor(Requirement.LOSE_AT_MOST_ONE_SECOND);

            assertThat(policy.appendOnly()).as("only the AOF records every write; snapshots are minutes apart")
                    .isTrue();
            assertThat(policy.appendFsync())
                    .as("everysec fsyncs once a second: a power loss costs about a second (always is slower"
                            + " than needed, no leaves it to the OS: often 30 s)")
                    .isEqualTo(AppendFsync.EVERYSEC);
        }

        @Test
        @DisplayName("no acknowledged write lost, even on a power loss")
        void nothingLost() {
            PersistencePolicy policy = DurabilityPolicies.policyFor(Requirement.LOSE_NOTHING_ACKNOWLEDGED);

            assertThat(policy.appendOnly()).as("only the AOF records every write").isTrue();
            assertThat(policy.appendFsync())
                    .as("only always fsyncs before the reply; with everysec a power loss can take writes the"
                            + " client already saw acknowledged")
                    .isEqualTo(AppendFsync.ALWAYS);
        }

        @Test
        @DisplayName("apply() sets a durable policy on a running server, and it survives a crash")
        void applyDurablePolicy(RestartableRedis redis) {
            server = new OwnServer(redis);
            server.client().set("order:1", "paid");
            server.makeSavesSlow(Duration.ofSeconds(1));

            admin().apply(new PersistencePolicy(List.of(SavePoint.of(900, 1)), true, AppendFsync.ALWAYS), TIMEOUT);

            assertThat(server.persistenceInfo().get("aof_rewrite_in_progress"))
                    .as("apply() turned AOF on: wait for the first rewrite as in Task 4").isEqualTo("0");
            server.crashAndStart();
            assertThat(server.config("appendonly")).as("appendonly after the restart: CONFIG REWRITE?")
                    .isEqualTo("yes");
            assertThat(server.config("appendfsync")).as("appendfsync after the restart").isEqualTo("always");
            assertThat(server.config("save")).as("save after the restart: \"seconds changes\" pairs")
                    .isEqualTo("900 1");
            assertThat(server.client().get("order:1")).as("the data, replayed from the AOF").isEqualTo("paid");
        }

        @Test
        @DisplayName("apply() leaves redis.conf alone when turning AOF on does not finish in time")
        void applyConfigFileUntouchedUntilRewriteDone(RestartableRedis redis) {
            server = new OwnServer(redis);
            server.client().set("order:1", "paid");
            server.makeSavesSlow(Duration.ofSeconds(4));
            try {
                Throwable thrown = catchThrowable(() -> admin().apply(
                        new PersistencePolicy(List.of(), true, AppendFsync.EVERYSEC), Duration.ofSeconds(1)));

                assertThat(thrown)
                        .as("the first rewrite takes 4 s here and the timeout is 1 s: apply() should give up with"
                                + " an IllegalStateException (reuse enableAof from Task 4)")
                        .isInstanceOf(IllegalStateException.class);
                assertThat(server.configFileLines())
                        .as("redis.conf says appendonly yes although the AOF does not hold the dataset yet: a"
                                + " restart now would load that AOF and ignore dump.rdb. Turn AOF on with enableAof"
                                + " from Task 4, which sends CONFIG REWRITE only after the rewrite")
                        .doesNotContain("appendonly yes");
            } finally {
                // Stops the rewrite child: while the first rewrite runs, Redis refuses even SHUTDOWN NOSAVE.
                server.client().configSet("appendonly", "no");
            }
        }

        @Test
        @DisplayName("apply() turns persistence off for a cache, for good")
        void applyCachePolicy(RestartableRedis redis) {
            server = new OwnServer(redis);
            server.client().configSet("save", "3600 1");
            server.enableAofAndWait();

            admin().apply(new PersistencePolicy(List.of(), false, AppendFsync.EVERYSEC), TIMEOUT);

            server.crashAndStart();
            assertThat(server.config("appendonly")).as("appendonly after the restart: CONFIG REWRITE?")
                    .isEqualTo("no");
            assertThat(server.config("save"))
                    .as("save after the restart: CONFIG SET save \"\" removes every save point").isEmpty();
        }
    }
}

package learn.redis.persistence;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import redis.clients.jedis.Builder;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.args.Rawable;

/** Reads and changes how one Redis server persists its data, and waits for its background saves to finish. */
public final class PersistenceAdmin {

    /** Short enough that a finished save is noticed at once, long enough not to flood the server with INFO. */
    private static final Duration POLL = Duration.ofMillis(20);

    private final RedisClient redis;

    public PersistenceAdmin(RedisClient redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    /** Task 1: the server's persistence settings, from {@code CONFIG GET}. */
    public PersistenceConfig current() {
        // tag::current[]
        // One CONFIG GET per setting: Redis 6.2 takes a single pattern per call (several arrived in 7.0).
        boolean appendOnly = "yes".equals(config("appendonly"));
        return new PersistenceConfig(parseSavePoints(config("save")), appendOnly,
                AppendFsync.fromConfig(config("appendfsync")), Path.of(config("dir")));
        // end::current[]
    }

    /**
     * Task 2: {@code BGSAVE}, then waits until that snapshot is on disk. Returns the server's {@code LASTSAVE}.
     *
     * @throws IllegalStateException if the save failed or did not finish within {@code timeout}
     */
    public Instant snapshot(Duration timeout) {
        long deadline = deadline(timeout);
        // tag::snapshot[]
        long before = lastSave();
        // LASTSAVE counts whole seconds: a save finishing in the same second as the previous one would not move
        // it, so wait for the server's clock to reach the next second first (at most a second).
        awaitUntil(this::serverTimeSeconds, now -> now > before, deadline, "the server clock to pass LASTSAVE");
        command(BuilderFactory.STRING, Protocol.Command.BGSAVE);
        // BGSAVE forks before it replies, so rdb_bgsave_in_progress is already 1 here: no window to miss.
        Map<String, String> done = awaitUntil(this::info, info -> info.get("rdb_bgsave_in_progress").equals("0"),
                deadline, "BGSAVE to finish");
        if (!"ok".equals(done.get("rdb_last_bgsave_status"))) {
            // A failed save leaves LASTSAVE where it was: waiting for it to move would only run into the timeout.
            throw new IllegalStateException("BGSAVE failed (rdb_last_bgsave_status:"
                    + done.get("rdb_last_bgsave_status") + "): see the server log for why");
        }
        long after = lastSave();
        if (after <= before) {
            throw new IllegalStateException("BGSAVE finished but LASTSAVE did not move: another save raced ours?");
        }
        return Instant.ofEpochSecond(after);
        // end::snapshot[]
    }

    /**
     * Task 4: turns AOF on at runtime, waits for the initial rewrite and makes the setting survive a restart.
     *
     * @throws IllegalStateException if the rewrite failed or did not finish within {@code timeout}
     */
    public void enableAof(Duration timeout) {
        // tag::enableAof[]
        redis.configSet("appendonly", "yes");
        // Until the first rewrite has written the whole dataset, the AOF holds only the writes since CONFIG SET.
        awaitAofRewrite(deadline(timeout));
        // Only now is it safe to tell the config file: a restart with appendonly yes loads the AOF, not dump.rdb.
        configRewrite();
        // end::enableAof[]
    }

    /**
     * Task 5: {@code BGREWRITEAOF}, then waits until the compacted AOF has replaced the old one.
     *
     * @throws IllegalStateException if AOF is off, or the rewrite failed or did not finish within {@code timeout}
     */
    public void compactAof(Duration timeout) {
        // tag::compactAof[]
        if (!"1".equals(info().get("aof_enabled"))) {
            // Redis 6.2 would rewrite anyway and leave a file that nothing reads: refuse instead.
            throw new IllegalStateException("AOF is off (appendonly no): there is no log to compact");
        }
        command(BuilderFactory.STRING, Protocol.Command.BGREWRITEAOF);
        deadline(timeout);
        // end::compactAof[]
    }

    /**
     * Task 6: applies {@code policy} to the running server and to its config file.
     *
     * @throws IllegalStateException if turning AOF on failed or took longer than {@code timeout}
     */
    public void apply(PersistencePolicy policy, Duration timeout) {
        Objects.requireNonNull(policy, "policy");
        redis.configSet("save", policy.savePoints().stream()
                .map(point -> point.interval().toSeconds() + " " + point.minChanges())
                .collect(Collectors.joining(" ")));
        // Set the fsync policy before AOF starts, so the very first writes to the new log already follow it.
        redis.configSet("appendfsync", policy.appendFsync().configValue());
        if (policy.appendOnly()) {
            // Task 4's enableAof: CONFIG REWRITE only once the first rewrite holds the dataset, never before.
            enableAof(timeout);
        } else {
            redis.configSet("appendonly", "no");
            configRewrite();
        }
    }

    // tag::awaitAofRewrite[]
    private void awaitAofRewrite(long deadline) {
        // "scheduled" counts too: a rewrite asked for during a BGSAVE waits for that save, and has not started yet.
        Map<String, String> done = awaitUntil(this::info, info -> info.get("aof_rewrite_in_progress").equals("0")
                && info.get("aof_rewrite_scheduled").equals("0"), deadline, "the AOF rewrite to finish");
        if (!"ok".equals(done.get("aof_last_bgrewrite_status"))) {
            throw new IllegalStateException("AOF rewrite failed (aof_last_bgrewrite_status:"
                    + done.get("aof_last_bgrewrite_status") + "): see the server log for why");
        }
    }
    // end::awaitAofRewrite[]

    private static List<SavePoint> parseSavePoints(String save) {
        // "3600 1 300 100" is pairs of seconds and changes; "" means no snapshots at all.
        String[] numbers = save.isBlank() ? new String[0] : save.trim().split("\\s+");
        if (numbers.length % 2 != 0) {
            throw new IllegalStateException("save should hold pairs of seconds and changes, got '" + save + "'");
        }
        List<SavePoint> points = new ArrayList<>();
        for (int i = 0; i < numbers.length; i += 2) {
            points.add(SavePoint.of(Long.parseLong(numbers[i]), Long.parseLong(numbers[i + 1])));
        }
        return points;
    }

    private String config(String name) {
        String value = redis.configGet(name).get(name);
        if (value == null) {
            throw new IllegalStateException("CONFIG GET " + name + " returned nothing: is this a Redis server?");
        }
        return value;
    }

    private void configRewrite() {
        command(BuilderFactory.STRING, Protocol.Command.CONFIG, Protocol.Keyword.REWRITE);
    }

    private long lastSave() {
        return command(BuilderFactory.LONG, Protocol.Command.LASTSAVE);
    }

    private long serverTimeSeconds() {
        // TIME replies [seconds, microseconds]: the server's clock, the one LASTSAVE is written with.
        return Long.parseLong(command(BuilderFactory.STRING_LIST, Protocol.Command.TIME).get(0));
    }

    /**
     * A command without a Jedis method of its own: the arguments, and a builder that decodes the reply.
     * ({@code sendCommand} does the same untyped, and is deprecated in Jedis 8.)
     */
    private <T> T command(Builder<T> reply, Protocol.Command command, Rawable... arguments) {
        CommandArguments args = new CommandArguments(command);
        for (Rawable argument : arguments) {
            args.add(argument);
        }
        return redis.executeCommand(new CommandObject<>(args, reply));
    }

    private Map<String, String> info() {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : redis.info("persistence").split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }

    /** Polls {@code probe} until {@code done} holds, returning the value that satisfied it. */
    private static <T> T awaitUntil(Supplier<T> probe, Predicate<T> done, long deadline, String what) {
        T value = probe.get();
        while (!done.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Gave up waiting for " + what + ": the timeout passed");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + what, e);
            }
            value = probe.get();
        }
        return value;
    }

    private static long deadline(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        return System.nanoTime() + timeout.toNanos();
    }
}

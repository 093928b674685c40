package learn.redis.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import learn.redis.support.RestartableRedis;
import redis.clients.jedis.Builder;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.args.Rawable;

/**
 * The test's own Redis server (a {@link RestartableRedis}) with a client that is reopened after every restart, and
 * the server-side facts the tests check: {@code INFO persistence}, {@code CONFIG GET}, the AOF files on disk.
 */
final class OwnServer implements AutoCloseable {

    /** Keys written only to give a background save or rewrite something slow to chew on. */
    static final int FILLER_KEYS = 50;

    private final RestartableRedis server;
    private RedisClient client;

    OwnServer(RestartableRedis server) {
        this.server = server;
    }

    /** A client of the running server; a new one after each restart, since the old connections died. */
    RedisClient client() {
        if (client == null) {
            client = RedisClient.create(server.uri());
        }
        return client;
    }

    RestartableRedis handle() {
        return server;
    }

    Path dataDir() {
        return server.dataDir();
    }

    void crash() {
        closeClient();
        server.crash();
    }

    void shutdownGracefully() {
        closeClient();
        server.shutdownGracefully();
    }

    void start() {
        closeClient();
        server.start();
    }

    /** A real crash (SIGKILL) and a start: what the server keeps is exactly what was on disk. */
    void crashAndStart() {
        crash();
        start();
    }

    Map<String, String> persistenceInfo() {
        return info("persistence");
    }

    String config(String name) {
        return client().configGet(name).get(name);
    }

    long lastSave() {
        return command(BuilderFactory.LONG, Protocol.Command.LASTSAVE);
    }

    /** {@code SAVE}: a snapshot written before the reply. */
    void save() {
        command(BuilderFactory.STRING, Protocol.Command.SAVE);
    }

    /**
     * {@code SAVE} in the first half of a second of the server's clock (the one LASTSAVE is written with), so that
     * LASTSAVE is "now" with at least half a second of it left: a save that starts right after, without waiting for
     * the next second, ends in the same second and leaves LASTSAVE where it was, whenever the test runs.
     */
    void saveEarlyInASecond() {
        await().alias("a SAVE in the first half of a second of the server's clock").atMost(Duration.ofSeconds(5))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                .until(() -> {
                    if (serverTime().get(1) >= 200_000) {
                        return false;
                    }
                    save();
                    List<Long> after = serverTime();
                    return after.get(0) == lastSave() && after.get(1) < 500_000;
                });
    }

    /** {@code TIME}: [seconds, microseconds] of the server's clock. */
    private List<Long> serverTime() {
        return command(BuilderFactory.STRING_LIST, Protocol.Command.TIME).stream().map(Long::valueOf).toList();
    }

    /** {@code BGSAVE}: a snapshot written by a child process; the reply comes once it has started. */
    void startBgsave() {
        command(BuilderFactory.STRING, Protocol.Command.BGSAVE);
    }

    /**
     * A BGSAVE that takes about a second and is running when this returns: the state in which Redis only schedules
     * an AOF rewrite ({@code aof_rewrite_scheduled:1}) instead of starting it.
     */
    void startSlowBgsave() {
        makeSavesSlow(Duration.ofSeconds(1));
        startBgsave();
        assertThat(persistenceInfo().get("rdb_bgsave_in_progress")).as("test set-up: a BGSAVE should be running")
                .isEqualTo("1");
    }

    /** How often {@code command} ran since {@code CONFIG RESETSTAT}, from {@code INFO commandstats}. */
    long calls(String command) {
        String stats = info("commandstats").getOrDefault("cmdstat_" + command, "calls=0,");
        return Long.parseLong(stats.substring("calls=".length(), stats.indexOf(',')));
    }

    void resetStats() {
        command(BuilderFactory.STRING, Protocol.Command.CONFIG, Protocol.Keyword.RESETSTAT);
    }

    /**
     * Makes every BGSAVE and AOF rewrite take about {@code total}: writes {@value #FILLER_KEYS} filler keys and
     * sets {@code rdb-key-save-delay} (a testing knob of Redis: microseconds of pause per key saved). Not written
     * to the config file, so a restart loads at full speed.
     */
    void makeSavesSlow(Duration total) {
        for (int i = 0; i < FILLER_KEYS; i++) {
            client().set("filler:" + i, "x");
        }
        client().configSet("rdb-key-save-delay", Long.toString(total.toNanos() / 1000 / FILLER_KEYS));
    }

    /** Test set-up, not the lesson (students write this in Task 4): AOF on, rewritten, and in redis.conf. */
    void enableAofAndWait() {
        client().configSet("appendonly", "yes");
        awaitRewriteDone();
        command(BuilderFactory.STRING, Protocol.Command.CONFIG, Protocol.Keyword.REWRITE);
    }

    void awaitRewriteDone() {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            Map<String, String> info = persistenceInfo();
            return info.get("aof_rewrite_in_progress").equals("0") && info.get("aof_rewrite_scheduled").equals("0");
        });
    }

    /**
     * The bytes the server would replay at start. Redis 6.2 keeps one {@code appendonly.aof}; Redis 7 keeps a base
     * file and incremental files in {@code appendonlydir}, listed in a manifest next to history files that are
     * about to be deleted, so only the files the manifest marks as base (b) or incremental (i) count.
     */
    long aofBytes() {
        try {
            String fileName = config("appendfilename");
            if (!server.version().isAtLeast(7, 0)) {
                return Files.size(dataDir().resolve(fileName));
            }
            Path dir = dataDir().resolve(config("appenddirname"));
            long bytes = 0;
            // Each line: "file appendonly.aof.2.base.rdb seq 2 type b"
            for (String line : Files.readAllLines(dir.resolve(fileName + ".manifest"))) {
                List<String> fields = List.of(line.trim().split("\\s+"));
                String type = fields.get(fields.indexOf("type") + 1);
                if (type.equals("b") || type.equals("i")) {
                    bytes += Files.size(dir.resolve(fields.get(fields.indexOf("file") + 1)));
                }
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot measure the AOF in " + dataDir(), e);
        }
    }

    List<String> configFileLines() {
        try {
            return Files.readAllLines(server.configFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A command that has no Jedis method of its own ({@code sendCommand} is deprecated in Jedis 8). */
    private <T> T command(Builder<T> reply, Protocol.Command command, Rawable... arguments) {
        CommandArguments args = new CommandArguments(command);
        for (Rawable argument : arguments) {
            args.add(argument);
        }
        return client().executeCommand(new CommandObject<>(args, reply));
    }

    private Map<String, String> info(String section) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : client().info(section).split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }

    private void closeClient() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    @Override
    public void close() {
        closeClient();
    }
}

package learn.redis.support;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Remembers, in files under {@code target/redis-servers}, every server process and temp directory this JVM owns,
 * so that nothing outlives a run: a JVM exiting normally cleans up in a shutdown hook, and one killed outright
 * (kill -9, a CI timeout) is cleaned up by the next run, which reaps entries whose owner JVM is gone.
 */
final class ServerRegistry {

    static final String TEMP_PREFIX = "redis-lab-";

    private static final long OWNER = ProcessHandle.current().pid();

    private final Path stateDir;
    private final Map<Path, Long> live = new ConcurrentHashMap<>();

    ServerRegistry(Path stateDir) {
        this.stateDir = stateDir;
        Runtime.getRuntime().addShutdownHook(new Thread(this::cleanUpLive, "redis-lab-cleanup"));
    }

    /** The state directory a run uses: {@code -Dredis.state.dir}, else the module's {@code target/redis-servers}. */
    static Path defaultStateDir() {
        return Path.of(System.getProperty("redis.state.dir", "target/redis-servers"));
    }

    /** Records that {@code dir} (and process {@code pid}, or -1 for none) belongs to this JVM. */
    void record(long pid, Path dir) {
        live.put(dir, pid);
        Properties entry = new Properties();
        entry.setProperty("owner", Long.toString(OWNER));
        entry.setProperty("pid", Long.toString(pid));
        entry.setProperty("dir", dir.toAbsolutePath().toString());
        try {
            Files.createDirectories(stateDir);
            try (Writer out = Files.newBufferedWriter(entryFile(dir))) {
                entry.store(out, "redis-lab server owned by JVM " + OWNER);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record a Redis server under " + stateDir, e);
        }
    }

    void forget(Path dir) {
        live.remove(dir);
        try {
            Files.deleteIfExists(entryFile(dir));
        } catch (IOException ignored) {
            // A stale entry is harmless: the next run finds its owner gone and its process dead.
        }
    }

    /** Stops servers and deletes directories recorded by JVMs that no longer run. Returns how many were reaped. */
    int reapOrphans() {
        if (!Files.isDirectory(stateDir)) {
            return 0;
        }
        int reaped = 0;
        try (Stream<Path> entries = Files.list(stateDir)) {
            for (Path file : (Iterable<Path>) entries.filter(f -> f.toString().endsWith(".properties"))::iterator) {
                Properties entry = load(file);
                long owner = Long.parseLong(entry.getProperty("owner", "-1"));
                if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                kill(Long.parseLong(entry.getProperty("pid", "-1")));
                Path dir = Path.of(entry.getProperty("dir", ""));
                if (dir.getFileName() != null && dir.getFileName().toString().startsWith(TEMP_PREFIX)) {
                    deleteTree(dir);
                }
                Files.deleteIfExists(file);
                reaped++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + stateDir, e);
        }
        return reaped;
    }

    private void cleanUpLive() {
        live.forEach((dir, pid) -> {
            kill(pid);
            deleteTree(dir);
            forget(dir);
        });
    }

    /**
     * Kills {@code pid} only if it is still a Redis binary: the OS may have reused the number since. "redis", not
     * "redis-server": Debian's /usr/bin/redis-server is a link to redis-check-rdb, which is what the OS reports.
     */
    private static void kill(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        process.filter(p -> p.info().command().map(ServerRegistry::isRedisServer).orElse(false))
                .ifPresent(p -> {
                    p.destroyForcibly();
                    p.onExit().join();
                });
    }

    /**
     * Whether an executable is a redis-server. Debian and Ubuntu install {@code /usr/bin/redis-server} as a link to
     * {@code redis-check-rdb} (one binary that picks its role by the name it was called with), and the OS reports
     * the link's target.
     */
    static boolean isRedisServer(String command) {
        return command.contains("redis-server") || command.endsWith("redis-check-rdb");
    }

    private Path entryFile(Path dir) {
        return stateDir.resolve(dir.getFileName() + ".properties");
    }

    private static Properties load(Path file) throws IOException {
        Properties entry = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            entry.load(in);
        }
        return entry;
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir, e);
        }
    }
}

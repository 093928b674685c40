package learn.redis.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code redis-server} process that this run started and owns: its own free port, its own data directory, no
 * snapshots unless a test turns them on. The shared server of a run is one of these (unless it comes from a URL or a
 * container), and lab 06 gets one per test to crash and restart.
 *
 * <p>The server reads a real config file ({@link #configFile()}), so {@code CONFIG REWRITE} persists settings
 * across restarts just as on a production server. {@link #close()} stops it without saving and deletes its
 * directory; a server left behind by a killed JVM is stopped by the next run (see {@link ServerRegistry}).
 */
public final class RestartableRedis implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Path binary;
    private final String source;
    private final Path dataDir;
    private final int port;
    private final ServerRegistry registry;
    private final List<String> extraConfig;
    private Process process;
    private RedisVersion version;

    private RestartableRedis(Path binary, String source, Path dataDir, int port, ServerRegistry registry,
            List<String> extraConfig) {
        this.binary = binary;
        this.source = source;
        this.dataDir = dataDir;
        this.port = port;
        this.registry = registry;
        this.extraConfig = List.copyOf(extraConfig);
    }

    /** Starts a new server from {@code binary} in a fresh temporary directory. */
    static RestartableRedis start(Path binary, String source, ServerRegistry registry) {
        return start(binary, source, registry, List.of());
    }

    /**
     * Starts a new server with {@code extraConfig} lines appended to its config file. With {@code cluster-enabled
     * yes} among them, the port is chosen so that the cluster bus port (port + 10000) is free and valid too.
     */
    static RestartableRedis start(Path binary, String source, ServerRegistry registry, List<String> extraConfig) {
        boolean cluster = extraConfig.contains("cluster-enabled yes");
        for (int attempt = 1; ; attempt++) {
            RestartableRedis server = new RestartableRedis(binary, source, createDataDir(),
                    cluster ? freeClusterPort() : freePort(), registry, extraConfig);
            try {
                server.writeConfig();
                server.start();
                return server;
            } catch (RuntimeException e) {
                String log = server.logTail();
                boolean portTaken = log.contains("Address already in use")
                        || log.contains("Could not create server TCP");
                server.close();
                // Another process (a parallel build's server) may take the free port before ours binds it.
                if (!portTaken || attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** Where the server keeps dump.rdb, the AOF and its config file; the same across restarts. */
    public Path dataDir() {
        return dataDir;
    }

    /** The config file the server was started with and that {@code CONFIG REWRITE} writes to. */
    public Path configFile() {
        return dataDir.resolve("redis.conf");
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT}: the same across restarts. */
    public URI uri() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    public RedisVersion version() {
        return version;
    }

    public RedisServerInfo info() {
        return new RedisServerInfo(source, uri(), version);
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the server (again) with the same port, directory and config file, and waits until it answers PING. */
    public synchronized void start() {
        if (isRunning()) {
            throw new IllegalStateException("Redis on port " + port + " is already running");
        }
        try {
            process = new ProcessBuilder(binary.toString(), configFile().toString())
                    .directory(dataDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not run " + binary + ": " + e.getMessage(), e);
        }
        registry.record(process.pid(), dataDir);
        awaitPong();
        version = RedisVersion.parse(infoField(send("INFO", "server"), "redis_version"));
    }

    /** A crash: the process is killed at once (SIGKILL), so nothing that was not already on disk survives. */
    public synchronized void crash() {
        if (isRunning()) {
            process.destroyForcibly();
            awaitExit();
        }
    }

    /** {@code SHUTDOWN NOSAVE}: stops without writing a snapshot, like a crash but polite. */
    public synchronized void shutdownNoSave() {
        shutdown("NOSAVE");
    }

    /** {@code SHUTDOWN}: a graceful stop, which saves an RDB snapshot when save points are configured. */
    public synchronized void shutdownGracefully() {
        shutdown();
    }

    /** A graceful stop and a start: what an operator's "restart Redis" does. */
    public synchronized void restart() {
        shutdownGracefully();
        start();
    }

    @Override
    public synchronized void close() {
        try {
            shutdownNoSave();
        } catch (RuntimeException e) {
            crash();
        } finally {
            ServerRegistry.deleteTree(dataDir);
            registry.forget(dataDir);
        }
    }

    private void shutdown(String... options) {
        if (!isRunning()) {
            return;
        }
        String[] command = new String[options.length + 1];
        command[0] = "SHUTDOWN";
        System.arraycopy(options, 0, command, 1, options.length);
        String reply;
        try {
            reply = send(command);
        } catch (UncheckedIOException expected) {
            reply = ""; // A successful SHUTDOWN closes the connection instead of replying.
        }
        if (reply.startsWith("-")) {
            // Refused, e.g. while the first AOF rewrite runs: say so instead of waiting for an exit that won't come.
            throw new IllegalStateException(String.join(" ", command) + " was refused: " + reply.strip());
        }
        awaitExit();
    }

    private void awaitExit() {
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitPong() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server (" + binary + ") on port " + port
                        + " exited at start with code " + process.exitValue() + ". Its log ends with:\n" + logTail());
            }
            try {
                if (send("PING").startsWith("+PONG")) {
                    return;
                }
            } catch (UncheckedIOException notListeningYet) {
                // Started but not accepting connections yet: poll again shortly.
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("redis-server did not answer PING on port " + port + " within "
                + START_TIMEOUT.toSeconds() + " s. Its log ends with:\n" + logTail());
    }

    /** Sends one command over a fresh connection and returns the raw reply (enough for PING, INFO, SHUTDOWN). */
    String send(String... command) {
        StringBuilder request = new StringBuilder("*").append(command.length).append("\r\n");
        for (String part : command) {
            request.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
                    .append(part).append("\r\n");
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            int read = in.read(buffer);
            if (read < 0) {
                throw new IOException("connection closed");
            }
            String reply = new String(buffer, 0, read, StandardCharsets.UTF_8);
            if (reply.startsWith("$")) {
                // A bulk string (INFO) may span several reads: read until the announced length has arrived.
                int length = Integer.parseInt(reply.substring(1, reply.indexOf("\r\n")));
                int expected = reply.indexOf("\r\n") + 2 + length + 2;
                StringBuilder all = new StringBuilder(reply);
                while (all.length() < expected && (read = in.read(buffer)) > 0) {
                    all.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
                }
                reply = all.toString();
            }
            return reply;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String infoField(String info, String field) {
        return info.lines().filter(line -> line.startsWith(field + ":")).findFirst()
                .map(line -> line.substring(field.length() + 1).trim())
                .orElseThrow(() -> new IllegalStateException("INFO has no " + field));
    }

    private void writeConfig() {
        List<String> lines = List.of(
                "# Written by the labs' test support. CONFIG REWRITE may change it.",
                "port " + port,
                "bind 127.0.0.1",
                // Forward slashes: inside quotes, the config parser reads a backslash as an escape (Windows paths).
                "dir \"" + dataDir.toAbsolutePath().toString().replace('\\', '/') + "\"",
                // A test server keeps nothing unless a test asks for persistence (lab 06 does).
                "save \"\"",
                "appendonly no",
                "dbfilename dump.rdb");
        try {
            Files.write(configFile(), Stream.concat(lines.stream(), extraConfig.stream()).toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path log() {
        return dataDir.resolve("redis.log");
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static Path createDataDir() {
        try {
            return Files.createTempDirectory(ServerRegistry.TEMP_PREFIX);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A free port whose cluster bus port (port + 10000, fixed on Redis 6.2) is free as well. */
    private static int freeClusterPort() {
        while (true) {
            int port = freePort();
            if (port + 10000 > 65535) {
                continue;
            }
            try (ServerSocket bus = new ServerSocket(port + 10000, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException busPortTaken) {
                // Try another pair.
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

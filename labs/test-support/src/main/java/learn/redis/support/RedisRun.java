package learn.redis.support;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The Redis server of one test run (one JVM's launcher session) and what hangs off it: started on first use, kept in
 * JUnit's launcher-session store and closed by JUnit when the session ends, which stops whatever this run started.
 */
final class RedisRun implements AutoCloseable {

    static final RedisVersion MINIMUM = new RedisVersion(6, 2, 0);

    private final Provider provider;
    private final LocalBinaries binaries;
    private final RedisServerInfo info;
    private final RedisClient admin;
    /** Closed in reverse order of opening: clients before the server they talk to. */
    private final Deque<AutoCloseable> owned = new ArrayDeque<>();
    private LettuceSupport lettuce;
    private LabCluster cluster;

    private RedisRun(Provider provider, LocalBinaries binaries, Deque<AutoCloseable> started, String source,
            URI uri) {
        this.provider = provider;
        this.binaries = binaries;
        owned.addAll(started);
        this.admin = RedisClient.create(uri);
        owned.push(admin);
        this.info = new RedisServerInfo(source, uri, checkedVersion(source, uri));
    }

    /** Chooses a provider for this machine and starts (or connects to) its server. */
    static RedisRun start(ProviderChoice.Settings settings, Map<String, String> env) {
        ServerRegistry registry = new ServerRegistry(ServerRegistry.defaultStateDir());
        registry.reapOrphans();
        LocalBinaries binaries = new LocalBinaries(registry, RedisBinaries.onPath(env.get("PATH")));
        DockerProbe docker = DockerProbe.system(env, Path.of(System.getProperty("user.home")));
        Provider provider = ProviderChoice.choose(settings,
                () -> docker.engineListening() && ContainerRedis.dockerAvailable(), binaries.hasRedisOnPath());

        // What is started here is closed by the run, or right here if the run cannot be built.
        Deque<AutoCloseable> started = new ArrayDeque<>();
        started.push(binaries);
        try {
            return switch (provider) {
                case URL -> new RedisRun(provider, binaries, started, settings.urlOrigin(), parseUrl(settings));
                case TESTCONTAINERS -> {
                    ContainerRedis container = ContainerRedis.start();
                    started.push(container);
                    yield new RedisRun(provider, binaries, started, container.source(), container.uri());
                }
                case PATH, EMBEDDED -> {
                    RestartableRedis server = binaries.start(provider);
                    started.push(server);
                    yield new RedisRun(provider, binaries, started, provider.label(), server.uri());
                }
            };
        } catch (RuntimeException e) {
            started.forEach(RedisRun::closeQuietly);
            throw e;
        }
    }

    Provider provider() {
        return provider;
    }

    RedisServerInfo info() {
        return info;
    }

    RedisClient admin() {
        return admin;
    }

    RedisStats stats() {
        return new RedisStats(admin);
    }

    synchronized LettuceSupport lettuce() {
        if (lettuce == null) {
            lettuce = new LettuceSupport();
            owned.push(lettuce);
        }
        return lettuce;
    }

    /**
     * A new server of the caller's own: from redis-server on the PATH when the run's server is not the embedded one
     * and a redis-server is there, else from the embedded binary. Its caller closes it.
     */
    RestartableRedis newRestartable() {
        boolean preferPath = provider != Provider.EMBEDDED && binaries.hasRedisOnPath();
        return binaries.start(preferPath ? Provider.PATH : Provider.EMBEDDED);
    }

    /**
     * The run's Redis Cluster (3 masters, one replica each), started on first use from the same binary a
     * {@link #newRestartable()} server would use, and stopped with the run.
     */
    synchronized LabCluster cluster() {
        if (cluster == null) {
            boolean preferPath = provider != Provider.EMBEDDED && binaries.hasRedisOnPath();
            cluster = LabCluster.start(binaries, preferPath ? Provider.PATH : Provider.EMBEDDED, 3, 1);
            owned.push(cluster);
            System.out.println(cluster.describe());
        }
        return cluster;
    }

    /** The run's cluster if a test has asked for it, so that other labs never start one. */
    synchronized Optional<LabCluster> startedCluster() {
        return Optional.ofNullable(cluster);
    }

    @Override
    public synchronized void close() {
        while (!owned.isEmpty()) {
            closeQuietly(owned.pop());
        }
    }

    private RedisVersion checkedVersion(String source, URI uri) {
        String reply;
        try {
            reply = admin.info("server");
        } catch (JedisException e) {
            close();
            throw new ExtensionConfigurationException("Cannot use Redis at " + RedisServerInfo.mask(uri.toString())
                    + " (from " + source + "): " + rootMessage(e) + ". " + hint(), e);
        }
        RedisVersion version = reply.lines().filter(line -> line.startsWith("redis_version:")).findFirst()
                .map(line -> RedisVersion.parse(line.substring("redis_version:".length())))
                .orElseThrow(() -> new ExtensionConfigurationException("INFO server gave no redis_version"));
        if (version.compareTo(MINIMUM) < 0) {
            close();
            throw new ExtensionConfigurationException("Redis " + version + " at " + RedisServerInfo.mask(uri
                    .toString()) + " (from " + source + ") is too old: the labs need " + MINIMUM + " or newer.");
        }
        return version;
    }

    private String hint() {
        return provider == Provider.URL
                ? "Start that server, fix the URL (redis://[:password@]host:port[/db]), or unset REDIS_URL and"
                        + " -Dredis.url to let the labs start a Redis of their own."
                : "See docs/README.md, 'Troubleshooting'.";
    }

    private static URI parseUrl(ProviderChoice.Settings settings) {
        try {
            URI uri = URI.create(settings.url());
            if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("expected redis://[:password@]host:port[/db]");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(settings.urlOrigin() + " is not a Redis URL: '"
                    + RedisServerInfo.mask(settings.url()) + "' (" + e.getMessage() + ")");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() != null ? cause.getMessage() : cause.toString();
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            System.err.println("Redis labs: cleanup failed: " + e);
        }
    }
}

package learn.redis.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** The redis-server executables a run can start: the one on the PATH, and the embedded one, extracted on demand. */
final class LocalBinaries implements AutoCloseable {

    private final ServerRegistry registry;
    private final Optional<Path> onPath;
    private Path embeddedDir;
    private Path embedded;

    LocalBinaries(ServerRegistry registry, Optional<Path> onPath) {
        this.registry = registry;
        this.onPath = onPath;
    }

    boolean hasRedisOnPath() {
        return onPath.isPresent();
    }

    /** Starts a new server of its own from redis-server on the PATH ({@link Provider#PATH}) or the embedded binary. */
    RestartableRedis start(Provider provider) {
        return start(provider, List.of());
    }

    /** As {@link #start(Provider)}, with {@code extraConfig} lines in its config file (a cluster node's). */
    RestartableRedis start(Provider provider, List<String> extraConfig) {
        Path binary = switch (provider) {
            case PATH -> onPath.orElseThrow(() -> new ExtensionConfigurationException(
                    "redis.provider=path, but there is no redis-server on the PATH."));
            case EMBEDDED -> embedded();
            default -> throw new IllegalArgumentException(provider + " is not a local binary");
        };
        return RestartableRedis.start(binary, provider.label(), registry, extraConfig);
    }

    private synchronized Path embedded() {
        if (embedded == null) {
            try {
                embeddedDir = Files.createTempDirectory(ServerRegistry.TEMP_PREFIX + "bin-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            registry.record(-1, embeddedDir);
            embedded = RedisBinaries.extractEmbedded(embeddedDir);
        }
        return embedded;
    }

    @Override
    public synchronized void close() {
        if (embeddedDir != null) {
            ServerRegistry.deleteTree(embeddedDir);
            registry.forget(embeddedDir);
        }
    }
}

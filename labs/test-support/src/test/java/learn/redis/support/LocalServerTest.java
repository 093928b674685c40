package learn.redis.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@DisplayName("Servers the run owns leave nothing behind")
@Timeout(60)
class LocalServerTest {

    @TempDir
    Path stateDir;

    private ServerRegistry registry;
    private LocalBinaries binaries;

    @BeforeEach
    void setUp() {
        registry = new ServerRegistry(stateDir);
        binaries = new LocalBinaries(registry, Optional.empty());
    }

    @AfterEach
    void tearDown() {
        binaries.close();
    }

    @Test
    @DisplayName("closing a server stops its process and deletes its directory and registry entry")
    void closeCleansUp() {
        RestartableRedis server = binaries.start(Provider.EMBEDDED);
        long pid = pidOf(server);
        Path dir = server.dataDir();
        assertThat(server.send("PING")).startsWith("+PONG");

        server.close();

        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("redis-server process").isEmpty();
        assertThat(dir).doesNotExist();
        assertThat(registryEntries()).noneMatch(p -> p.toString().contains(dir.getFileName().toString()));
    }

    @Test
    @DisplayName("a crashed server starts again on the same port with the same directory")
    void crashAndStart() {
        try (RestartableRedis server = binaries.start(Provider.EMBEDDED)) {
            server.crash();
            assertThat(server.isRunning()).isFalse();
            server.start();
            assertThat(server.isRunning()).isTrue();
            assertThat(server.send("PING")).startsWith("+PONG");
            assertThat(server.version().isAtLeast(6, 2)).isTrue();
            assertThat(server.configFile()).exists();
        }
    }

    /** PATH too: Debian's redis-server is a link to redis-check-rdb, the name the OS reports for the process. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Provider.class, names = {"EMBEDDED", "PATH"})
    @DisplayName("a server left by a killed JVM is stopped by the next run")
    void orphansAreReaped(Provider provider) throws Exception {
        Optional<Path> onPath = RedisBinaries.onPath(System.getenv("PATH"));
        assumeTrue(provider == Provider.EMBEDDED || onPath.isPresent(), "no redis-server on the PATH");
        binaries.close();
        binaries = new LocalBinaries(registry, onPath);
        RestartableRedis server = binaries.start(provider);
        long pid = pidOf(server);
        Path dir = server.dataDir();
        // Pretend the JVM that started it was killed: its entry now names an owner that no longer runs.
        Process gone = new ProcessBuilder("java", "-version").start();
        gone.waitFor(30, TimeUnit.SECONDS);
        Path entry = registryEntries().stream().filter(p -> p.toString().contains(dir.getFileName().toString()))
                .findFirst().orElseThrow();
        Files.writeString(entry, Files.readString(entry).replaceAll("owner=\\d+", "owner=" + gone.pid()));

        assertThat(new ServerRegistry(stateDir).reapOrphans()).isEqualTo(1);

        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("orphaned redis-server").isEmpty();
        assertThat(dir).doesNotExist();
        assertThat(registryEntries()).noneMatch(p -> p.toString().contains(dir.getFileName().toString()));
    }

    @Test
    @DisplayName("a server from redis-server on the PATH (on Debian a link to redis-check-rdb) is reaped too")
    void orphansFromThePathAreReaped() throws Exception {
        Optional<Path> onPath = RedisBinaries.onPath(System.getenv("PATH"));
        Assumptions.assumeTrue(onPath.isPresent(), "no redis-server on the PATH");
        try (LocalBinaries path = new LocalBinaries(registry, onPath)) {
            RestartableRedis server = path.start(Provider.PATH);
            long pid = pidOf(server);
            Process gone = new ProcessBuilder("java", "-version").start();
            gone.waitFor(30, TimeUnit.SECONDS);
            Path entry = registryEntries().stream()
                    .filter(p -> p.toString().contains(server.dataDir().getFileName().toString()))
                    .findFirst().orElseThrow();
            Files.writeString(entry, Files.readString(entry).replaceAll("owner=\\d+", "owner=" + gone.pid()));

            assertThat(new ServerRegistry(stateDir).reapOrphans()).isEqualTo(1);

            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("orphaned redis-server from the PATH")
                    .isEmpty();
        }
    }

    @Test
    @DisplayName("entries of a JVM that still runs are left alone")
    void liveOwnersAreKept() {
        try (RestartableRedis server = binaries.start(Provider.EMBEDDED)) {
            assertThat(new ServerRegistry(stateDir).reapOrphans()).isZero();
            assertThat(server.send("PING")).startsWith("+PONG");
        }
    }

    @Test
    @DisplayName("the embedded binary is chosen by OS and CPU, and Windows gets advice instead of Redis 5")
    void embeddedResources() {
        assertThat(RedisBinaries.embeddedResource("Linux", "amd64")).isEqualTo("redis-server-6.2.6-v5-linux-amd64");
        assertThat(RedisBinaries.embeddedResource("Linux", "aarch64")).isEqualTo("redis-server-6.2.7-linux-arm64");
        assertThat(RedisBinaries.embeddedResource("Mac OS X", "aarch64"))
                .isEqualTo("redis-server-6.2.6-v5-darwin-arm64");
        assertThatThrownBy(() -> RedisBinaries.embeddedResource("Windows 11", "amd64"))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("Docker Desktop").hasMessageContaining("REDIS_URL");
        for (String resource : new String[] {"redis-server-6.2.6-v5-linux-amd64", "redis-server-6.2.7-linux-arm64",
                "redis-server-6.2.6-v5-darwin-arm64", "redis-server-6.2.6-v5-darwin-amd64"}) {
            assertThat(getClass().getClassLoader().getResource(resource)).as(resource).isNotNull();
        }
    }

    @Test
    @DisplayName("an unreachable REDIS_URL fails with the URL named and the password masked")
    void unreachableUrl() {
        ProviderChoice.Settings settings = new ProviderChoice.Settings("redis://:secret@127.0.0.1:1/0", "REDIS_URL",
                null);
        assertThatThrownBy(() -> RedisRun.start(settings, Map.of()))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("redis://:****@127.0.0.1:1/0").hasMessageContaining("REDIS_URL")
                .hasMessageNotContaining("secret");
    }

    private List<Path> registryEntries() {
        try (var files = Files.list(stateDir)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long pidOf(RestartableRedis server) {
        String info = server.send("INFO", "server");
        return Long.parseLong(info.lines().filter(l -> l.startsWith("process_id:")).findFirst().orElseThrow()
                .substring("process_id:".length()).trim());
    }
}

package learn.redis.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** Finds a {@code redis-server} executable: on the PATH, or inside the embedded-redis jar. */
final class RedisBinaries {

    private RedisBinaries() {
    }

    /** The first executable {@code redis-server} on {@code pathVariable}, as a shell would find it. */
    static Optional<Path> onPath(String pathVariable) {
        if (pathVariable == null || pathVariable.isBlank()) {
            return Optional.empty();
        }
        String name = isWindows() ? "redis-server.exe" : "redis-server";
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isBlank()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Copies the embedded-redis binary for this OS and CPU into {@code dir} as {@code redis-server} and returns it.
     * The jar ships Redis 6.2 for Linux and macOS; its Windows build is Redis 5, too old for these labs.
     */
    static Path extractEmbedded(Path dir) {
        String resource = embeddedResource(System.getProperty("os.name"), System.getProperty("os.arch"));
        Path target = dir.resolve("redis-server");
        try (InputStream in = RedisBinaries.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ExtensionConfigurationException("The embedded-redis jar has no " + resource
                        + " on the test classpath. Run the labs through Maven (./mvnw test -pl labs/NN-slug).");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot extract the embedded Redis binary into " + dir, e);
        }
        if (!target.toFile().setExecutable(true)) {
            throw new ExtensionConfigurationException("Cannot make " + target + " executable. Is the temp directory"
                    + " mounted noexec? Set -Djava.io.tmpdir to another directory, or install redis-server.");
        }
        return target;
    }

    /** The name of the binary inside the embedded-redis 1.4.x jar for this platform. */
    static String embeddedResource(String osName, String osArch) {
        String os = osName.toLowerCase(Locale.ROOT);
        String arch = osArch.toLowerCase(Locale.ROOT);
        boolean arm = arch.equals("aarch64") || arch.equals("arm64");
        boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
        if (os.contains("win")) {
            throw new ExtensionConfigurationException("The embedded Redis for Windows is version 5, and these labs"
                    + " need Redis 6.2 or newer. Start Docker Desktop (the labs then use a Redis container by"
                    + " themselves), or run Redis in WSL (sudo apt install redis-server) and set"
                    + " REDIS_URL=redis://localhost:6379/15. See docs/README.md, 'Where Redis comes from'.");
        }
        if (os.contains("mac") || os.contains("darwin")) {
            return arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
        }
        if (os.contains("linux")) {
            if (x64) {
                return "redis-server-6.2.6-v5-linux-amd64";
            }
            if (arm) {
                return "redis-server-6.2.7-linux-arm64";
            }
            if (arch.matches("i[3-6]86|x86")) {
                return "redis-server-6.2.7-linux-386";
            }
        }
        throw new ExtensionConfigurationException("No embedded Redis for " + osName + " on " + osArch
                + ". Install redis-server (6.2 or newer) on the PATH, start Docker, or set REDIS_URL.");
    }

    private static boolean isWindows() {
        return System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("win");
    }
}

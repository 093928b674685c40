package learn.redis.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Answers "is a Docker engine listening?" in milliseconds, without Testcontainers: connecting to the usual
 * sockets is enough to rule Docker out, so a machine without Docker neither waits nor sees Testcontainers' error
 * block. Only when this says yes does the run ask Testcontainers, which checks the engine for real.
 */
@FunctionalInterface
interface DockerProbe {

    boolean engineListening();

    /** Probes DOCKER_HOST if set, else the sockets of Docker Engine, Docker Desktop, rootless Docker and Colima. */
    static DockerProbe system(Map<String, String> env, Path home) {
        return () -> {
            String dockerHost = env.get("DOCKER_HOST");
            if (dockerHost != null && !dockerHost.isBlank()) {
                return listening(URI.create(dockerHost.trim()));
            }
            List<Path> sockets = new ArrayList<>(List.of(Path.of("/var/run/docker.sock"),
                    home.resolve(".docker/run/docker.sock"), home.resolve(".docker/desktop/docker.sock"),
                    home.resolve(".colima/default/docker.sock"), home.resolve(".rd/docker.sock")));
            String runtimeDir = env.get("XDG_RUNTIME_DIR");
            if (runtimeDir != null) {
                sockets.add(Path.of(runtimeDir, "docker.sock"));
            }
            if (Files.exists(Path.of("\\\\.\\pipe\\docker_engine"))) {
                return true; // Docker Desktop on Windows: a named pipe, which Java cannot connect to cheaply.
            }
            return sockets.stream().anyMatch(DockerProbe::unixSocketListening);
        };
    }

    private static boolean listening(URI dockerHost) {
        switch (dockerHost.getScheme()) {
            case "unix":
                return unixSocketListening(Path.of(dockerHost.getPath()));
            case "tcp":
            case "http":
            case "https":
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(dockerHost.getHost(), dockerHost.getPort()), 300);
                    return true;
                } catch (IOException e) {
                    return false;
                }
            default:
                return true; // npipe:// and others: let Testcontainers decide.
        }
    }

    private static boolean unixSocketListening(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}

package learn.redis.persistence;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** The {@link ServerControl} handed to the crash drill: does what it is told and remembers what that was. */
final class RecordingServer implements ServerControl {

    private final OwnServer server;
    private final List<String> calls = new ArrayList<>();

    RecordingServer(OwnServer server) {
        this.server = server;
    }

    /** The stop and start calls made, in order: "crash", "shutdownGracefully", "start". */
    List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public URI uri() {
        return server.handle().uri();
    }

    @Override
    public void crash() {
        calls.add("crash");
        server.crash();
    }

    @Override
    public void shutdownGracefully() {
        calls.add("shutdownGracefully");
        server.shutdownGracefully();
    }

    @Override
    public void start() {
        calls.add("start");
        server.start();
    }
}

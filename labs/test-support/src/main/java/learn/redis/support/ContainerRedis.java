package learn.redis.support;

import java.net.URI;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/** A Redis 7 container for a run, when a Docker engine is there. */
final class ContainerRedis implements AutoCloseable {

    /** Pinned so that every student and CI run meets the same server. */
    static final DockerImageName IMAGE = DockerImageName.parse("redis:7.4.2");

    private final GenericContainer<?> container;

    private ContainerRedis(GenericContainer<?> container) {
        this.container = container;
    }

    /** Asks Testcontainers whether the engine really works (call only once {@link DockerProbe} said it listens). */
    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @SuppressWarnings("resource") // closed by close()
    static ContainerRedis start() {
        GenericContainer<?> container = new GenericContainer<>(IMAGE)
                .withExposedPorts(6379)
                .withCommand("redis-server", "--save", "", "--appendonly", "no");
        container.start();
        return new ContainerRedis(container);
    }

    URI uri() {
        return URI.create("redis://" + container.getHost() + ":" + container.getMappedPort(6379));
    }

    String source() {
        return "Testcontainers " + IMAGE.asCanonicalNameString();
    }

    @Override
    public void close() {
        container.stop();
    }
}

package learn.redis.support;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Lettuce clients for tests, loaded only when a lab asks for one. Every client of a run shares one set of Lettuce
 * threads ({@link ClientResources}): starting those for each test would cost seconds.
 */
final class LettuceSupport implements AutoCloseable {

    private final ClientResources resources = DefaultClientResources.create();

    ClientResources resources() {
        return resources;
    }

    RedisClient newClient(RedisServerInfo server, Consumer<AutoCloseable> closeAfterTest) {
        RedisClient client = RedisClient.create(resources, RedisURI.create(server.uri()));
        // Nothing is in flight once a test is over: skip Lettuce's default two-second quiet period.
        closeAfterTest.accept(() -> client.shutdown(Duration.ZERO, Duration.ofSeconds(2)));
        return client;
    }

    io.lettuce.core.cluster.RedisClusterClient newClusterClient(LabCluster cluster,
            Consumer<AutoCloseable> closeAfterTest) {
        io.lettuce.core.cluster.RedisClusterClient client = io.lettuce.core.cluster.RedisClusterClient.create(
                resources, cluster.uris().stream().map(RedisURI::create).toList());
        closeAfterTest.accept(() -> client.shutdown(Duration.ZERO, Duration.ofSeconds(2)));
        return client;
    }

    @Override
    public void close() {
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}

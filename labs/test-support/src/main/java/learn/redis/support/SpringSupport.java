package learn.redis.support;

import java.util.function.Consumer;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Spring Data Redis connection factories for tests, loaded only when a lab asks for one. */
final class SpringSupport {

    private SpringSupport() {
    }

    static LettuceConnectionFactory newConnectionFactory(RedisServerInfo server, LettuceSupport lettuce,
            Consumer<AutoCloseable> closeAfterTest) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                LettuceConnectionFactory.createRedisConfiguration(server.uri().toString()),
                LettuceClientConfiguration.builder().clientResources(lettuce.resources()).build());
        factory.afterPropertiesSet();
        // Since Spring Data Redis 3.2 a factory is a SmartLifecycle: outside an application context, start it.
        factory.start();
        closeAfterTest.accept(factory::destroy);
        return factory;
    }
}

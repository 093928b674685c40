package learn.redis.pipelines;

import java.net.URI;
import java.time.Duration;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.util.JedisURIHelper;

/** How this application connects to Redis: a bounded pool, and timeouts on everything that can wait. */
public final class RedisConnections {

    private RedisConnections() {
    }

    // tag::pooled[]
    public static RedisClient pooled(URI uri, int poolSize, Duration borrowTimeout, Duration commandTimeout) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("a pool holds at least one connection, got " + poolSize);
        }
        int borrowMillis = positiveMillis(borrowTimeout, "borrowTimeout");
        int commandMillis = positiveMillis(commandTimeout, "commandTimeout");

        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(poolSize);
        // maxIdle below maxTotal closes connections as soon as the load drops and reopens them at the next peak.
        pool.setMaxIdle(poolSize);
        // When all are in use a caller waits for one, but only this long: then it gets an exception, not a hang.
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(Duration.ofMillis(-1));

        JedisClientConfig client = DefaultJedisClientConfig.builder()
                .user(JedisURIHelper.getUser(uri))
                .password(JedisURIHelper.getPassword(uri))
                .database(JedisURIHelper.getDBIndex(uri))
                // Jedis waits 2 s by default, to connect and for every reply: far longer than a cache is worth.
                .connectionTimeoutMillis(commandMillis)
                .socketTimeoutMillis(commandMillis)
                .build();
        return RedisClient.builder()
                .hostAndPort(JedisURIHelper.getHostAndPort(uri))
                .clientConfig(client)
                .poolConfig(pool)
                .build();
    }
    // end::pooled[]

    private static int positiveMillis(Duration duration, String name) {
        if (duration == null || duration.toMillis() < 1) {
            throw new IllegalArgumentException(name + " is at least 1 ms, got " + duration);
        }
        return Math.toIntExact(duration.toMillis());
    }
}

package learn.redis.pipelines;

import java.net.URI;
import java.time.Duration;
import redis.clients.jedis.RedisClient;

/** How this application connects to Redis: a bounded pool, and timeouts on everything that can wait. */
public final class RedisConnections {

    private RedisConnections() {
    }

    /**
     * A Jedis client with a pool of at most {@code poolSize} connections (kept open when idle), that waits at most
     * {@code borrowTimeout} for a free connection and {@code commandTimeout} to connect and for each reply.
     */
    public static RedisClient pooled(URI uri, int poolSize, Duration borrowTimeout, Duration commandTimeout) {
        // TODO Task 4: refuse bad input; a ConnectionPoolConfig and a DefaultJedisClientConfig; RedisClient.builder().
        throw new UnsupportedOperationException("TODO Task 4: build a bounded pool with timeouts (docs/12-pipelines-and-failures.md, Task 4)");
    }
}

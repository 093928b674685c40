package learn.redis.pipelines;

import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.Map;

/** Loads many keys with Lettuce's asynchronous API, flushing the commands to the socket in batches by hand. */
public class AsyncBulkLoader implements AutoCloseable {

    private final RedisClient client;
    private final Duration timeout;

    public AsyncBulkLoader(RedisClient client, Duration timeout) {
        // TODO Task 3: refuse a timeout that is not positive; open this loader's own connection, auto-flush off.
        this.client = client;
        this.timeout = timeout;
    }

    /**
     * Stores every entry with the TTL (at least 1 ms) and waits for the replies, at most the timeout: then it throws.
     * Returns how many entries it sent.
     */
    public int load(Map<String, String> entries, Duration ttl) {
        // TODO Task 3: async SET ... PX for each entry, flushCommands(), then LettuceFutures.awaitAll(timeout, ...).
        throw new UnsupportedOperationException("TODO Task 3: load through Lettuce, flushing by hand (docs/12-pipelines-and-failures.md, Task 3)");
    }

    @Override
    public void close() {
        // TODO Task 3: close the connection the constructor opened.
    }
}

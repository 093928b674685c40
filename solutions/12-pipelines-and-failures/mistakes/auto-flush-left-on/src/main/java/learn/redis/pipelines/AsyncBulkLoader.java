package learn.redis.pipelines;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Loads many keys with Lettuce's asynchronous API, flushing the commands to the socket in batches by hand. */
public class AsyncBulkLoader implements AutoCloseable {

    /** Commands written to the socket at once: bounds what waits in memory, on both sides. */
    static final int FLUSH_EVERY = 1000;

    private final Duration timeout;
    private final StatefulRedisConnection<String, String> connection;

    public AsyncBulkLoader(RedisClient client, Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive, got " + timeout);
        }
        this.timeout = timeout;
        // A connection of its own, opened once: switching auto-flush off on a shared connection would hold back
        // every other thread's commands until someone flushes. (Opening one per load would also cost a handshake,
        // which a slow Redis holds up as long as it likes.)
        this.connection = client.connect();
    }

    // tag::load[]
    public int load(Map<String, String> entries, Duration ttl) {
        SetArgs expiring = SetArgs.Builder.px(Ttl.millis(ttl));
        RedisAsyncCommands<String, String> async = connection.async();
        List<RedisFuture<String>> replies = new ArrayList<>(entries.size());
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            // With auto-flush off, this only queues the command in memory; nothing is written to the socket yet.
            replies.add(async.set(entry.getKey(), entry.getValue(), expiring));
            if (replies.size() % FLUSH_EVERY == 0) {
                connection.flushCommands();
            }
        }
        connection.flushCommands();
        // Wait for the replies, but never longer than the timeout: a paused or dead Redis must not hang the
        // caller. awaitAll also rethrows the first error a command answered with.
        if (!LettuceFutures.awaitAll(timeout, replies.toArray(new RedisFuture<?>[0]))) {
            throw new RedisCommandTimeoutException("loading " + entries.size() + " keys took longer than "
                    + timeout.toMillis() + " ms");
        }
        return replies.size();
    }
    // end::load[]

    @Override
    public void close() {
        connection.close();
    }
}

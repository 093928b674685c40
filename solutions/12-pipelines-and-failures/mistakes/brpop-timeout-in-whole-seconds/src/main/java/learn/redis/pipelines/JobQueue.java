package learn.redis.pipelines;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.util.KeyValue;

/** A queue ({@code jobs:<name>}, a list) whose consumer waits inside Redis for the next job. */
public class JobQueue implements AutoCloseable {

    private final RedisClient shared;
    private final URI server;
    private final String key;
    private Jedis consumer;

    public JobQueue(RedisClient shared, URI server, String name) {
        this.shared = shared;
        this.server = server;
        this.key = "jobs:" + name;
    }

    public void submit(String job) {
        shared.lpush(key, job);
    }

    // tag::take[]
    public Optional<String> take(Duration timeout) {
        if (timeout == null || timeout.toMillis() < 1) {
            throw new IllegalArgumentException("the timeout is at least 1 ms (0 would wait forever), got " + timeout);
        }
        // BRPOP holds its connection for as long as it waits. On the shared pool, a few waiting consumers would take
        // every connection and starve the rest of the application: a blocking command gets a connection of its own.
        // (At least 2 ms: Redis 6.2 reads 0.001 s as 0 ms, which is forever; lab 03.)
        if (consumer == null) {
            consumer = new Jedis(server);
        }
        KeyValue<String, String> job = consumer.brpop((double) Math.max(1, timeout.toSeconds()), key);
        return job == null ? Optional.empty() : Optional.of(job.getValue());
    }
    // end::take[]

    @Override
    public void close() {
        if (consumer != null) {
            consumer.close();
        }
    }
}

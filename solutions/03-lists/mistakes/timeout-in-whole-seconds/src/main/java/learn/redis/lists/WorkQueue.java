package learn.redis.lists;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.util.KeyValue;

/**
 * A first-in, first-out queue of jobs in the list {@code queue:<name>}: producers push at the head (left),
 * consumers take from the tail (right), so the oldest job is taken first.
 */
public final class WorkQueue {

    private final RedisClient redis;
    private final String key;

    public WorkQueue(RedisClient redis, String name) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.key = "queue:" + Objects.requireNonNull(name, "name");
    }

    /** Adds a job at the head of the queue. */
    public void submit(String job) {
        redis.lpush(key, job);
    }

    /** The oldest job, removed from the queue; empty at once when the queue is empty. */
    public Optional<String> poll() {
        // RPOP answers nil for an empty (that is: missing) list, which Jedis hands back as null.
        return Optional.ofNullable(redis.rpop(key));
    }

    /**
     * The oldest job, waiting up to {@code timeout} for one to arrive.
     *
     * @throws IllegalArgumentException if the timeout is not positive
     */
    // tag::take[]
    public Optional<String> take(Duration timeout) {
        // BRPOP parks this connection inside Redis until a job arrives or the timeout passes: no polling loop,
        // no sleep, and the job is handed over the moment it is pushed.
        QueueTimeouts.seconds(timeout);
        java.util.List<String> reply = redis.brpop((int) timeout.toSeconds(), key);
        KeyValue<String, String> popped = reply == null || reply.isEmpty() ? null : new KeyValue<>(reply.get(0), reply.get(1));

        return popped == null ? Optional.empty() : Optional.of(popped.getValue());
    }
    // end::take[]
}

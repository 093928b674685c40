package learn.redis.lists;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.RedisClient;

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
        // TODO Task 1: push the job at the head (left) of the list
        throw new UnsupportedOperationException(
                "TODO Task 1: push the job with LPUSH (docs/03-lists.md, Task 1)");
    }

    /** The oldest job, removed from the queue; empty at once when the queue is empty. */
    public Optional<String> poll() {
        // TODO Task 1: pop the oldest job from the tail (right) of the list
        throw new UnsupportedOperationException(
                "TODO Task 1: pop the oldest job with RPOP (docs/03-lists.md, Task 1)");
    }

    /**
     * The oldest job, waiting up to {@code timeout} for one to arrive.
     *
     * @throws IllegalArgumentException if the timeout is not positive
     */
    public Optional<String> take(Duration timeout) {
        // TODO Task 1: wait inside Redis for a job (BRPOP with a timeout in seconds, fractions allowed; never
        //  let it reach Redis as 0, which means "block forever")
        throw new UnsupportedOperationException(
                "TODO Task 1: block for the next job with BRPOP (docs/03-lists.md, Task 1)");
    }
}

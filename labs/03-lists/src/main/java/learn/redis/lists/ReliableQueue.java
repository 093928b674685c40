package learn.redis.lists;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.RedisClient;

/**
 * A queue that loses no job when a consumer dies. Jobs wait in {@code queue:<name>} (newest at the head, like
 * {@link WorkQueue}); taking one moves it into this consumer's own list {@code queue:<name>:processing:<consumer>},
 * where it stays until the consumer acknowledges it.
 */
public final class ReliableQueue {

    private final RedisClient redis;
    private final String queueKey;
    private final String consumerId;

    public ReliableQueue(RedisClient redis, String name, String consumerId) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.queueKey = "queue:" + Objects.requireNonNull(name, "name");
        this.consumerId = Objects.requireNonNull(consumerId, "consumerId");
    }

    /** Adds a job at the head of the queue. */
    public void submit(String job) {
        // TODO Task 2: push the job at the head (left) of queue:<name>
        throw new UnsupportedOperationException(
                "TODO Task 2: push the job with LPUSH (docs/03-lists.md, Task 2)");
    }

    /**
     * Moves the oldest job into this consumer's processing list and returns it, waiting up to {@code timeout}.
     *
     * @throws IllegalArgumentException if the timeout is not positive
     */
    public Optional<String> take(Duration timeout) {
        // TODO Task 2: move the oldest job into queue:<name>:processing:<consumer> in one command (BLMOVE),
        //  with Task 1's timeout rules
        throw new UnsupportedOperationException(
                "TODO Task 2: move the job into the processing list with BLMOVE (docs/03-lists.md, Task 2)");
    }

    /** Marks a job taken by this consumer as done. Returns false if it was not in the processing list. */
    public boolean ack(String job) {
        // TODO Task 2: remove one copy of the job from this consumer's processing list (LREM)
        throw new UnsupportedOperationException(
                "TODO Task 2: acknowledge with LREM (docs/03-lists.md, Task 2)");
    }

    /**
     * Puts every job that {@code deadConsumerId} took and never acknowledged back at the tail of the queue, so
     * they are taken next, oldest first. Run it for a consumer known to be gone (e.g. at its restart).
     *
     * @return how many jobs were re-queued
     */
    public int requeueAbandoned(String deadConsumerId) {
        // TODO Task 2: move the dead consumer's jobs back to the queue one atomic LMOVE at a time
        throw new UnsupportedOperationException(
                "TODO Task 2: re-queue abandoned jobs with LMOVE (docs/03-lists.md, Task 2)");
    }
}

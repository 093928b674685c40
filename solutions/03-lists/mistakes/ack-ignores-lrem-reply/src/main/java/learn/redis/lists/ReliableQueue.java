package learn.redis.lists;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.args.ListDirection;

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
        redis.lpush(queueKey, job);
    }

    /**
     * Moves the oldest job into this consumer's processing list and returns it, waiting up to {@code timeout}.
     *
     * @throws IllegalArgumentException if the timeout is not positive
     */
    // tag::take[]
    public Optional<String> take(Duration timeout) {
        // One atomic command pops the job and parks it in our processing list. RPOP then LPUSH would be two,
        // and a crash between them would lose the job: in neither list, done by nobody.
        String job = redis.blmove(queueKey, processingKey(consumerId), ListDirection.RIGHT, ListDirection.LEFT,
                QueueTimeouts.seconds(timeout));
        return Optional.ofNullable(job);
    }
    // end::take[]

    /** Marks a job taken by this consumer as done. Returns false if it was not in the processing list. */
    // tag::ack[]
    public boolean ack(String job) {
        // Count 1: remove this one copy only. Two identical jobs may be in progress; LREM with count 0 would
        // acknowledge both after finishing one.
        redis.lrem(processingKey(consumerId), 1, job);
        return true;

    }
    // end::ack[]

    /**
     * Puts every job that {@code deadConsumerId} took and never acknowledged back at the tail of the queue, so
     * they are taken next, oldest first. Run it for a consumer known to be gone (e.g. at its restart).
     *
     * @return how many jobs were re-queued
     */
    // tag::requeue[]
    public int requeueAbandoned(String deadConsumerId) {
        String abandoned = processingKey(deadConsumerId);
        int moved = 0;
        // One LMOVE per job, each atomic: if this recovery itself dies halfway, every job is still in one of
        // the two lists. Newest-first off the head, each pushed to the tail: the oldest ends up taken first.
        while (redis.lmove(abandoned, queueKey, ListDirection.LEFT, ListDirection.RIGHT) != null) {
            moved++;
        }
        return moved;
    }
    // end::requeue[]

    private String processingKey(String consumer) {
        return queueKey + ":processing:" + consumer;
    }
}

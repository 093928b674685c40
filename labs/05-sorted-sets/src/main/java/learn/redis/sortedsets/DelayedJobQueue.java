package learn.redis.sortedsets;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import redis.clients.jedis.RedisClient;

/**
 * Jobs that run later: each job id is a member of a sorted set ({@link SortedSetKeys#delayedJobs}) whose score is
 * its due time in epoch milliseconds. Any number of workers may claim at once; each due job goes to exactly one.
 */
public class DelayedJobQueue {

    private final RedisClient redis;
    private final String key;
    private final Clock clock;

    public DelayedJobQueue(RedisClient redis, String queue, Clock clock) {
        this.redis = redis;
        this.key = SortedSetKeys.delayedJobs(queue);
        this.clock = clock;
    }

    /** Schedules a job to be due at {@code dueAt}; scheduling it again moves it. */
    public void schedule(String jobId, Instant dueAt) {
        // TODO Task 4: the due time is the score
        throw new UnsupportedOperationException(
                "TODO Task 4: schedule a job with ZADD (docs/05-sorted-sets.md, Task 4)");
    }

    /** How many jobs wait, due or not. */
    public long pending() {
        // TODO Task 4: count the queue
        throw new UnsupportedOperationException(
                "TODO Task 4: count the pending jobs (docs/05-sorted-sets.md, Task 4)");
    }

    /**
     * Claims up to {@code max} jobs that are due now (due time at or before the clock's now), earliest first, and
     * takes them off the queue. Reads the candidates, calls {@link #beforeClaim} with them, then claims them.
     *
     * @return the jobs this caller owns now: no other caller gets any of them
     * @throws IllegalArgumentException if {@code max} is below 1
     */
    public List<String> claimDue(int max) {
        // TODO Task 4: ZRANGE BYSCORE the due jobs, call beforeClaim(candidates), keep the jobs your ZREM removed
        throw new UnsupportedOperationException(
                "TODO Task 4: claim due jobs, each by exactly one worker (docs/05-sorted-sets.md, Task 4)");
    }

    /**
     * Called between reading the due jobs and claiming them. Does nothing; tests override it to let another worker
     * run exactly there, where the race is.
     */
    protected void beforeClaim(List<String> candidates) {
    }
}

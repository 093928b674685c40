package learn.redis.sortedsets;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ZAddParams;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ZRangeParams;

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
        redis.zadd(key, dueAt.toEpochMilli(), SortedSetKeys.id(jobId, "job id"),
                ZAddParams.zAddParams().nx());

    }

    /** How many jobs wait, due or not. */
    public long pending() {
        return redis.zcard(key);
    }

    /**
     * Claims up to {@code max} jobs that are due now (due time at or before the clock's now), earliest first, and
     * takes them off the queue. Reads the candidates, calls {@link #beforeClaim} with them, then claims them.
     *
     * @return the jobs this caller owns now: no other caller gets any of them
     * @throws IllegalArgumentException if {@code max} is below 1
     */
    // tag::claimDue[]
    public List<String> claimDue(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, got " + max);
        }
        // BYSCORE bounds are inclusive: a job due exactly now is due. LIMIT 0 max takes the earliest max.
        List<String> candidates = redis.zrange(key,
                ZRangeParams.zrangeByScoreParams(Double.NEGATIVE_INFINITY, clock.millis()).limit(0, max));
        beforeClaim(candidates);
        // Another worker may have read the same candidates. ZREM is the arbiter: for each job, exactly one caller's
        // ZREM returns 1, and only that caller owns the job. A pipeline sends all ZREMs in one round trip.
        List<Response<Long>> removals = new ArrayList<>(candidates.size());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            candidates.forEach(job -> removals.add(pipeline.zrem(key, job)));
            pipeline.sync();
        }
        List<String> claimed = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            if (removals.get(i).get() == 1) {
                claimed.add(candidates.get(i));
            }
        }
        return claimed;
    }
    // end::claimDue[]

    /**
     * Called between reading the due jobs and claiming them. Does nothing; tests override it to let another worker
     * run exactly there, where the race is.
     */
    protected void beforeClaim(List<String> candidates) {
    }
}

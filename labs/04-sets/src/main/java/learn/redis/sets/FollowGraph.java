package learn.redis.sets;

import java.time.Duration;
import java.util.Set;
import redis.clients.jedis.RedisClient;

/**
 * Who follows whom, as two sets per user ({@link SetKeys#following}, {@link SetKeys#followers}), and what the set
 * algebra of Redis computes from them on the server: people two users both follow, and suggestions.
 */
public class FollowGraph {

    /** How long cached suggestions live before {@link #refreshSuggestions} must run again. */
    public static final Duration SUGGESTIONS_TTL = Duration.ofHours(1);

    private final RedisClient redis;

    public FollowGraph(RedisClient redis) {
        this.redis = redis;
    }

    /**
     * {@code user} follows {@code target}: both sides change together.
     *
     * @throws IllegalArgumentException if a user tries to follow themselves
     */
    public void follow(String user, String target) {
        // TODO Task 2: refuse a self-follow, then SADD both sides in one MULTI/EXEC
        throw new UnsupportedOperationException("TODO Task 2: follow, both sides at once (docs/04-sets.md, Task 2)");
    }

    /** {@code user} stops following {@code target}: both sides change together. */
    public void unfollow(String user, String target) {
        // TODO Task 2: SREM both sides in one MULTI/EXEC
        throw new UnsupportedOperationException("TODO Task 2: unfollow, both sides at once (docs/04-sets.md, Task 2)");
    }

    public Set<String> following(String user) {
        // TODO Task 2: read whom the user follows
        throw new UnsupportedOperationException("TODO Task 2: read whom a user follows (docs/04-sets.md, Task 2)");
    }

    public Set<String> followers(String user) {
        // TODO Task 2: read who follows the user
        throw new UnsupportedOperationException("TODO Task 2: read a user's followers (docs/04-sets.md, Task 2)");
    }

    /** The people both users follow. */
    public Set<String> followedByBoth(String a, String b) {
        // TODO Task 2: intersect on the server
        throw new UnsupportedOperationException("TODO Task 2: intersect with SINTER (docs/04-sets.md, Task 2)");
    }

    /**
     * Recomputes and caches {@code user}'s suggestions under {@link SetKeys#suggestions}: everyone followed by the
     * people {@code user} follows, except those {@code user} already follows and {@code user} themselves. The cached
     * set expires after {@link #SUGGESTIONS_TTL}. For a user who follows nobody, the cache is deleted and the result
     * is empty.
     *
     * @return the new suggestions
     */
    public Set<String> refreshSuggestions(String user) {
        // TODO Task 2: read whom the user follows (nobody: delete the cache, return an empty set), then SUNIONSTORE,
        //  SDIFFSTORE, SREM and EXPIRE into the suggestions key in one MULTI/EXEC, and read the result
        throw new UnsupportedOperationException("TODO Task 2: compute and cache suggestions (docs/04-sets.md, Task 2)");
    }
}

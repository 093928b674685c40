package learn.redis.sets;

import java.time.Duration;
import java.util.Set;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

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
        requireDifferent(user, target);
        // Two keys describe one fact. MULTI/EXEC applies both or neither, and no reader sees one without the other.
        try (AbstractTransaction tx = redis.multi()) {
            tx.sadd(SetKeys.following(user), target);
            tx.sadd(SetKeys.followers(target), user);
            tx.exec();
        }
    }

    /** {@code user} stops following {@code target}: both sides change together. */
    public void unfollow(String user, String target) {
        requireDifferent(user, target);
        try (AbstractTransaction tx = redis.multi()) {
            tx.srem(SetKeys.following(user), target);
            tx.srem(SetKeys.followers(target), user);
            tx.exec();
        }
    }

    public Set<String> following(String user) {
        return redis.smembers(SetKeys.following(user));
    }

    public Set<String> followers(String user) {
        return redis.smembers(SetKeys.followers(user));
    }

    /** The people both users follow. */
    public Set<String> followedByBoth(String a, String b) {
        // SINTER runs on the server and returns only the result; two SMEMBERS would ship both sets to intersect here.
        return redis.sinter(SetKeys.following(a), SetKeys.following(b));
    }

    /**
     * Recomputes and caches {@code user}'s suggestions under {@link SetKeys#suggestions}: everyone followed by the
     * people {@code user} follows, except those {@code user} already follows and {@code user} themselves. The cached
     * set expires after {@link #SUGGESTIONS_TTL}. For a user who follows nobody, the cache is deleted and the result
     * is empty.
     *
     * @return the new suggestions
     */
    // tag::refreshSuggestions[]
    public Set<String> refreshSuggestions(String user) {
        String destination = SetKeys.suggestions(user);
        String[] theirFollowing = following(user).stream().map(SetKeys::following).toArray(String[]::new);
        if (theirFollowing.length == 0) {
            redis.del(destination); // nobody to ask: no suggestions, and yesterday's are stale
            return Set.of();
        }
        try (AbstractTransaction tx = redis.multi()) {
            // *STORE replaces the destination (and drops its TTL): no stale member survives, none is merged in.
            tx.sunionstore(destination, theirFollowing);
            tx.sdiffstore(destination, destination, SetKeys.following(user));

            // The STORE above removed any TTL, so set it after them, inside the same transaction.
            tx.expire(destination, SUGGESTIONS_TTL.toSeconds());
            Response<Set<String>> suggestions = tx.smembers(destination);
            tx.exec();
            return suggestions.get();
        }
    }
    // end::refreshSuggestions[]

    private static void requireDifferent(String user, String target) {
        if (SetKeys.id(user, "user id").equals(SetKeys.id(target, "target user id"))) {
            throw new IllegalArgumentException("a user cannot follow themselves: " + user);
        }
    }
}

package learn.redis.sets;

import java.util.List;
import redis.clients.jedis.RedisClient;

/**
 * A prize draw over a set of entrants ({@link SetKeys#drawEntrants}). Entering twice does not double anyone's
 * chances, a winner is drawn out of the pool and cannot win again, and a showcase picks entrants without drawing.
 */
public class PrizeDraw {

    private final RedisClient redis;

    public PrizeDraw(RedisClient redis) {
        this.redis = redis;
    }

    /** Enters a user; {@code true} if they were not entered yet. */
    public boolean enter(String drawId, String userId) {
        return redis.sadd(SetKeys.drawEntrants(drawId), SetKeys.id(userId, "user id")) == 1;
    }

    /** How many users are still in the draw. */
    public long entrants(String drawId) {
        return redis.scard(SetKeys.drawEntrants(drawId));
    }

    /**
     * Draws up to {@code count} winners at random and takes them out of the draw; fewer when fewer are left.
     *
     * @throws IllegalArgumentException if {@code count} is not positive
     */
    // tag::drawWinners[]
    public List<String> drawWinners(String drawId, int count) {
        // SPOP picks AND removes in one atomic command: a winner cannot be drawn again, not even by a draw running
        // at the same moment. SRANDMEMBER + SREM is two steps, and two draws can both pick the same user in between.
        return List.copyOf(redis.spop(SetKeys.drawEntrants(drawId), count));
    }
    // end::drawWinners[]

    /**
     * Up to {@code count} different entrants at random, for display (never the same entrant twice, and all of them
     * when fewer are entered); nobody leaves the draw.
     *
     * @throws IllegalArgumentException if {@code count} is not positive
     */
    public List<String> showcase(String drawId, int count) {
        requirePositive(count);
        // SRANDMEMBER leaves the set alone. A positive count returns distinct members (at most the set's size);
        // a negative count returns exactly |count| members, and may repeat one: no use for "different entrants".
        return redis.srandmember(SetKeys.drawEntrants(drawId), count);
    }

    private static void requirePositive(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
    }
}

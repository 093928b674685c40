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
        // TODO Task 4: SADD, and tell a new entrant from a repeated one by its reply
        throw new UnsupportedOperationException("TODO Task 4: enter a user in the draw (docs/04-sets.md, Task 4)");
    }

    /** How many users are still in the draw. */
    public long entrants(String drawId) {
        // TODO Task 4: count the entrants
        throw new UnsupportedOperationException("TODO Task 4: count the entrants (docs/04-sets.md, Task 4)");
    }

    /**
     * Draws up to {@code count} winners at random and takes them out of the draw; fewer when fewer are left.
     *
     * @throws IllegalArgumentException if {@code count} is not positive
     */
    public List<String> drawWinners(String drawId, int count) {
        // TODO Task 4: pick and remove in one atomic command
        throw new UnsupportedOperationException(
                "TODO Task 4: draw winners who cannot win again (docs/04-sets.md, Task 4)");
    }

    /**
     * Up to {@code count} different entrants at random, for display (never the same entrant twice, and all of them
     * when fewer are entered); nobody leaves the draw.
     *
     * @throws IllegalArgumentException if {@code count} is not positive
     */
    public List<String> showcase(String drawId, int count) {
        // TODO Task 4: pick without removing, and without repeats
        throw new UnsupportedOperationException(
                "TODO Task 4: show random entrants without drawing them (docs/04-sets.md, Task 4)");
    }
}

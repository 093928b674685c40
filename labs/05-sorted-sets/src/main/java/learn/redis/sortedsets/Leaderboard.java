package learn.redis.sortedsets;

import java.util.List;
import java.util.Optional;
import redis.clients.jedis.RedisClient;

/**
 * A leaderboard in one sorted set ({@link SortedSetKeys#leaderboard}): players are members, points are scores, and
 * Redis keeps them ordered, so the top, a rank and a neighbourhood are each one command.
 *
 * <p>Order: higher score first. Equal scores are ordered by Redis, by member name; read in reverse (as a leaderboard
 * reads), that is reverse alphabetical: with equal points "bob" ranks above "alice". Ranks are 1-based.
 */
public class Leaderboard {

    private final RedisClient redis;
    private final String key;

    public Leaderboard(RedisClient redis, String name) {
        this.redis = redis;
        this.key = SortedSetKeys.leaderboard(name);
    }

    /** Adds points to a player (a new player starts at 0) and returns the new total. */
    public long addPoints(String player, long points) {
        // TODO Task 1: add on the server and return what it answers
        throw new UnsupportedOperationException(
                "TODO Task 1: add points with ZINCRBY (docs/05-sorted-sets.md, Task 1)");
    }

    /**
     * The best {@code n} players, best first.
     *
     * @throws IllegalArgumentException if {@code n} is below 1
     */
    public List<Standing> top(int n) {
        // TODO Task 1: refuse n < 1, then one command for the best n, with their scores; ranks start at 1
        throw new UnsupportedOperationException(
                "TODO Task 1: read the top n WITHSCORES (docs/05-sorted-sets.md, Task 1)");
    }

    /** A player's rank and score; empty for a player who is not on the board. */
    public Optional<Standing> standingOf(String player) {
        // TODO Task 1: the player's reverse rank (0-based, or nil) and score
        throw new UnsupportedOperationException(
                "TODO Task 1: a player's 1-based rank with ZREVRANK (docs/05-sorted-sets.md, Task 1)");
    }

    /**
     * The player and up to {@code radius} players on each side of them, best first; empty for a player who is not
     * on the board.
     *
     * @throws IllegalArgumentException if {@code radius} is negative
     */
    public List<Standing> around(String player, int radius) {
        // TODO Task 1: refuse a negative radius, find the player's rank, then read the ranks around it
        throw new UnsupportedOperationException(
                "TODO Task 1: the players around a player (docs/05-sorted-sets.md, Task 1)");
    }

    /**
     * Records a player's score if it beats their best so far; a first score always counts.
     *
     * @return {@code true} if the player's best changed (or they are new)
     */
    public boolean submitBest(String player, long score) {
        // TODO Task 2: one ZADD that only raises a score, and whose reply says whether anything changed
        throw new UnsupportedOperationException(
                "TODO Task 2: keep the best score with ZADD GT (docs/05-sorted-sets.md, Task 2)");
    }

    /**
     * Removes everyone but the best {@code n} players.
     *
     * @return how many players were removed
     */
    public long keepTop(int n) {
        // TODO Task 2: remove the lowest ranks, keeping exactly n
        throw new UnsupportedOperationException(
                "TODO Task 2: cap the board with ZREMRANGEBYRANK (docs/05-sorted-sets.md, Task 2)");
    }
}

package learn.redis.sortedsets;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.ZAddParams;
import redis.clients.jedis.params.ZRangeParams;
import redis.clients.jedis.resps.Tuple;

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
        // ZINCRBY adds on the server, atomically: no ZSCORE-then-ZADD, so no increment is lost to a race.
        return (int) redis.zincrby(key, points, player);

    }

    /**
     * The best {@code n} players, best first.
     *
     * @throws IllegalArgumentException if {@code n} is below 1
     */
    public List<Standing> top(int n) {
        // Check first: n = 0 would ask for ranks 0..-1, and -1 is the LAST rank, so that is the whole board.
        requirePositive(n, "n");
        return bestFirst(0, n - 1);
    }

    /** A player's rank and score; empty for a player who is not on the board. */
    public Optional<Standing> standingOf(String player) {
        Response<Long> rank;
        Response<Double> score;
        // MULTI/EXEC: rank and score from the same moment, even while other clients add points.
        try (AbstractTransaction tx = redis.multi()) {
            rank = tx.zrevrank(key, player);
            score = tx.zscore(key, player);
            tx.exec();
        }
        if (rank.get() == null) { // nil: the player is not on the board. Rank 0 is the leader, not "missing".
            return Optional.empty();
        }
        return Optional.of(new Standing(rank.get() + 1, player, score.get().longValue()));
    }

    /**
     * The player and up to {@code radius} players on each side of them, best first; empty for a player who is not
     * on the board.
     *
     * @throws IllegalArgumentException if {@code radius} is negative
     */
    // tag::around[]
    public List<Standing> around(String player, int radius) {
        if (radius < 0) { // a negative radius would make stop < start: an empty answer that hides the bug
            throw new IllegalArgumentException("radius must not be negative, got " + radius);
        }
        Long rank = redis.zrevrank(key, player);
        if (rank == null) {
            return List.of();
        }
        // Clamp at 0: a negative start index counts from the END of the set, which would return nothing here.
        return bestFirst(Math.max(0, rank - radius), rank + radius);
    }
    // end::around[]

    /**
     * Records a player's score if it beats their best so far; a first score always counts.
     *
     * @return {@code true} if the player's best changed (or they are new)
     */
    // tag::submitBest[]
    public boolean submitBest(String player, long score) {
        // GT: only raise an existing score. It still ADDS a missing player (only XX would stop that).
        // CH: count changed members, not just added ones, so the reply says whether the best moved.
        // One command, no ZSCORE first: a read-compare-write lets a slower, lower score overwrite a higher one.
        return redis.zadd(key, score, player, ZAddParams.zAddParams().gt().ch()) == 1;
    }
    // end::submitBest[]

    /**
     * Removes everyone but the best {@code n} players.
     *
     * @return how many players were removed
     */
    public long keepTop(int n) {
        requirePositive(n, "n");
        // Ranks are ascending (lowest score at 0), so the best n hold ranks -n..-1; remove 0..-(n+1).
        // "-n" instead of "-(n+1)" would remove one player too many.
        return redis.zremrangeByRank(key, 0, -(n + 1));
    }

    // tag::bestFirst[]
    /** The players at 0-based ranks {@code start..stop}, counted from the best, as 1-based standings. */
    private List<Standing> bestFirst(long start, long stop) {
        // ZRANGE key start stop REV WITHSCORES: members AND scores in one command, already ordered, so no ZSCORE
        // per player. (ZREVRANGE does the same; Jedis 8 deprecates zrevrangeWithScores for this form.)
        List<Tuple> tuples = redis.zrangeWithScores(key, ZRangeParams.zrangeParams(start, stop).rev());
        List<Standing> standings = new ArrayList<>(tuples.size());
        for (int i = 0; i < tuples.size(); i++) {
            Tuple tuple = tuples.get(i);
            standings.add(new Standing(start + i + 1, tuple.getElement(), (long) tuple.getScore()));
        }
        return standings;
    }
    // end::bestFirst[]

    private static void requirePositive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }
}

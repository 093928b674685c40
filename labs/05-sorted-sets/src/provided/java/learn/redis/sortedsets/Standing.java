package learn.redis.sortedsets;

/**
 * A player's place on a leaderboard, as people read it.
 *
 * @param rank   1 for the best player (Redis counts ranks from 0; people count from 1)
 * @param player the player
 * @param score  the player's points
 */
public record Standing(long rank, String player, long score) {

    public Standing {
        if (rank < 1) {
            throw new IllegalArgumentException("ranks start at 1, got " + rank + ": did you forget to add 1 to"
                    + " Redis's 0-based rank?");
        }
    }
}

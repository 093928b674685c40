package learn.redis.sortedsets;

/** The key names of this lab, in one place so the code and the tests agree on them. */
public final class SortedSetKeys {

    private SortedSetKeys() {
    }

    /** A leaderboard: members are players, scores are points. */
    public static String leaderboard(String name) {
        return "leaderboard:" + id(name, "leaderboard name");
    }

    /** One client's recent requests: members are request ids, scores are epoch milliseconds. */
    public static String rateLimit(String clientId) {
        return "ratelimit:" + id(clientId, "client id");
    }

    /** A delayed-job queue: members are job ids, scores are due times in epoch milliseconds. */
    public static String delayedJobs(String queue) {
        return "jobs:" + id(queue, "queue name") + ":delayed";
    }

    /** Rejects ids that would make a confusing key ({@code leaderboard:}) or none at all. */
    static String id(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be null or blank, got '" + value + "'");
        }
        return value;
    }
}

package learn.redis.hashes;

/** The per-user counters of {@link UserActivity}, each one field of the hash {@code activity:<userId>}. */
public enum Counter {
    LIKES("likes"),
    POSTS("posts"),
    FOLLOWERS("followers");

    private final String field;

    Counter(String field) {
        this.field = field;
    }

    /** The hash field that holds this counter, e.g. {@code "likes"}. */
    public String field() {
        return field;
    }
}

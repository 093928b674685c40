package learn.redis.sessions;

/** The key names of the lab, in one place so that the store and the tests agree on them. */
public final class SessionKeys {

    private SessionKeys() {
    }

    /** The hash of one session, e.g. {@code session:Zx8...}. */
    public static String session(String token) {
        return "session:" + token;
    }

    /** The set of one user's session tokens, for "log out everywhere", e.g. {@code user-sessions:alice}. */
    public static String userIndex(String userId) {
        return "user-sessions:" + userId;
    }
}

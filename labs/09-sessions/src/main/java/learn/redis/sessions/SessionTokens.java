package learn.redis.sessions;

import java.security.SecureRandom;

/** Session tokens: how they are made, and what a well-formed one looks like. */
public final class SessionTokens {

    /** 256 bits: guessing a live token is hopeless even with millions of sessions and requests. */
    public static final int TOKEN_BYTES = 32;

    /** The length of {@link #TOKEN_BYTES} bytes in URL-safe base64 without padding. */
    public static final int TOKEN_LENGTH = 43;

    private SessionTokens() {
    }

    /** A new token: {@link #TOKEN_BYTES} bytes from {@code random}, in URL-safe base64 without padding. */
    public static String newToken(SecureRandom random) {
        // TODO Task 1: fill TOKEN_BYTES bytes from random and encode them with java.util.Base64's URL-safe encoder,
        //  without padding.
        throw new UnsupportedOperationException(
                "TODO Task 1: make a token from TOKEN_BYTES random bytes, URL-safe base64 (docs/09-sessions.md, Task 1)");
    }

    /**
     * Whether {@code token} could have come from {@link #newToken}: exactly {@link #TOKEN_LENGTH} URL-safe base64
     * characters. Anything else is refused before it gets near Redis.
     */
    public static boolean isWellFormed(String token) {
        // TODO Task 4: null, wrong length or any character outside A-Z a-z 0-9 - _ is not a token.
        throw new UnsupportedOperationException(
                "TODO Task 4: accept only TOKEN_LENGTH URL-safe base64 characters (docs/09-sessions.md, Task 4)");
    }
}

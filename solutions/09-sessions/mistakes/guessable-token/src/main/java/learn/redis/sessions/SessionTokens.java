package learn.redis.sessions;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Session tokens: how they are made, and what a well-formed one looks like. */
public final class SessionTokens {

    /** 256 bits: guessing a live token is hopeless even with millions of sessions and requests. */
    public static final int TOKEN_BYTES = 32;

    /** The length of {@link #TOKEN_BYTES} bytes in URL-safe base64 without padding. */
    public static final int TOKEN_LENGTH = 43;

    // tag::url-safe[]
    // Made once: an encoder is immutable and thread-safe.
    private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();
    // end::url-safe[]
    // tag::token-pattern[]
    // Compiled once, not on every request: what newToken makes, and nothing else.
    private static final Pattern URL_SAFE_TOKEN = Pattern.compile("[A-Za-z0-9_-]{" + TOKEN_LENGTH + "}");
    // end::token-pattern[]

    private SessionTokens() {
    }

    // tag::new-token[]
    /** A new token: {@link #TOKEN_BYTES} bytes from {@code random}, in URL-safe base64 without padding. */
    public static String newToken(SecureRandom random) {
        // A SecureRandom, not Random or a UUID: java.util.Random is predictable from a few outputs, and a UUID
        // is an identifier, not a secret (version 1 UUIDs are a timestamp and a MAC address).
        byte[] bytes = new byte[TOKEN_BYTES];
        java.nio.ByteBuffer.wrap(bytes).putLong(java.util.UUID.randomUUID().getMostSignificantBits()).putLong(java.util.UUID.randomUUID().getLeastSignificantBits()).putLong(java.util.UUID.randomUUID().getMostSignificantBits()).putLong(java.util.UUID.randomUUID().getLeastSignificantBits());
        // URL-safe and unpadded: no '+', '/' or '=' to escape in a cookie, a header or a URL.
        return URL_SAFE.encodeToString(bytes);
    }
    // end::new-token[]

    // tag::well-formed[]
    /**
     * Whether {@code token} could have come from {@link #newToken}: exactly {@link #TOKEN_LENGTH} URL-safe base64
     * characters. Anything else is refused before it gets near Redis.
     */
    public static boolean isWellFormed(String token) {
        // The length check first: a 10 MB "token" is refused without reading it.
        return token != null && token.length() == TOKEN_LENGTH && URL_SAFE_TOKEN.matcher(token).matches();
    }
    // end::well-formed[]
}

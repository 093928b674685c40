package learn.redis.sessions;

import java.util.List;
import java.util.Optional;

/** The session cookie: what the server sends in {@code Set-Cookie} and how it finds the token in {@code Cookie}. */
public final class SessionCookies {

    /** The cookie's name (Spring Session uses the same). */
    public static final String NAME = "SESSION";

    // Path=/: one session for the whole site. HttpOnly: page scripts (and so XSS) cannot read the token.
    // Secure: only ever sent over HTTPS. SameSite=Lax: not sent with cross-site POSTs, which stops most CSRF.
    // No Max-Age: the browser forgets it on exit, and the server's TTL decides anyway.
    private static final String ATTRIBUTES = "; Path=/; HttpOnly; Secure; SameSite=Lax";

    private SessionCookies() {
    }

    // tag::cookies[]
    /** The {@code Set-Cookie} value that hands {@code token} to the browser. */
    public static String issue(String token) {
        // A token with ';' or a line break would let its author add cookie attributes or whole headers.
        if (!SessionTokens.isWellFormed(token)) {
            throw new IllegalArgumentException("Refusing to put a malformed session token in a cookie");
        }
        return NAME + "=" + token + ATTRIBUTES;
    }

    /** The {@code Set-Cookie} value that makes the browser drop the session cookie. */
    public static String clear() {
        // Same name, path and flags as issue(), or the browser treats it as a different cookie and keeps the old.
        return NAME + "=; Max-Age=0" + ATTRIBUTES;
    }
    // end::cookies[]

    // tag::token-from[]
    /**
     * The value of the session cookie in the request's {@code Cookie} headers ("a=1; SESSION=xyz; b=2"), as sent:
     * checking it is the store's job. Empty when there is no cookie of exactly that name.
     */
    public static Optional<String> tokenFrom(List<String> cookieHeaders) {
        for (String header : cookieHeaders) {
            for (String pair : header.split(";")) {
                int equals = pair.indexOf('=');
                // An exact name match: "XSESSION" or "SESSION2" are other cookies.
                if (equals > 0 && pair.substring(0, equals).trim().endsWith(NAME)) {
                    return Optional.of(pair.substring(equals + 1).trim());
                }
            }
        }
        return Optional.empty();
    }
    // end::token-from[]
}

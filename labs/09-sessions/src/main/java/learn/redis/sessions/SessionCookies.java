package learn.redis.sessions;

import java.util.List;
import java.util.Optional;

/** The session cookie: what the server sends in {@code Set-Cookie} and how it finds the token in {@code Cookie}. */
public final class SessionCookies {

    /** The cookie's name (Spring Session uses the same). */
    public static final String NAME = "SESSION";

    private SessionCookies() {
    }

    /** The {@code Set-Cookie} value that hands {@code token} to the browser. */
    public static String issue(String token) {
        // TODO Task 5: NAME=token with the attributes that keep it from scripts, plain HTTP and other sites.
        //  Refuse a malformed token with IllegalArgumentException.
        throw new UnsupportedOperationException(
                "TODO Task 5: build the Set-Cookie value for a token (docs/09-sessions.md, Task 5)");
    }

    /** The {@code Set-Cookie} value that makes the browser drop the session cookie. */
    public static String clear() {
        // TODO Task 5: the same cookie, empty, with Max-Age=0.
        throw new UnsupportedOperationException(
                "TODO Task 5: build the Set-Cookie value that deletes the cookie (docs/09-sessions.md, Task 5)");
    }

    /**
     * The value of the session cookie in the request's {@code Cookie} headers ("a=1; SESSION=xyz; b=2"), as sent:
     * checking it is the store's job. Empty when there is no cookie of exactly that name.
     */
    public static Optional<String> tokenFrom(List<String> cookieHeaders) {
        // TODO Task 5: split each header into name=value pairs and find the one named exactly NAME.
        throw new UnsupportedOperationException(
                "TODO Task 5: find the session cookie in the Cookie headers (docs/09-sessions.md, Task 5)");
    }
}

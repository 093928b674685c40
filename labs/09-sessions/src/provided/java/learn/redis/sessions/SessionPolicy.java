package learn.redis.sessions;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a session may live.
 *
 * @param idleTimeout      a session nobody uses for this long ends; each authenticated request starts it over
 * @param absoluteLifetime a session ends this long after login however busy it is, so a stolen token has a shelf life
 */
public record SessionPolicy(Duration idleTimeout, Duration absoluteLifetime) {

    public SessionPolicy {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(absoluteLifetime, "absoluteLifetime");
        if (idleTimeout.toMillis() <= 0 || absoluteLifetime.toMillis() <= 0) {
            throw new IllegalArgumentException("Session timeouts must be at least 1 ms, got idle " + idleTimeout
                    + " and absolute " + absoluteLifetime);
        }
        if (idleTimeout.compareTo(absoluteLifetime) > 0) {
            throw new IllegalArgumentException("The idle timeout (" + idleTimeout + ") cannot be longer than the"
                    + " absolute lifetime (" + absoluteLifetime + ")");
        }
    }
}

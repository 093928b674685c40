package learn.redis.locks;

import java.util.Objects;

/**
 * Proof that one acquisition of a lock succeeded: the lock's key and the random token written into it. Only the
 * holder knows the token, so only the holder can release or extend this acquisition.
 *
 * @param key   the lock's Redis key, e.g. {@code lock:report}
 * @param token the value this acquisition wrote with {@code SET key token NX PX ttl}
 */
public record Lease(String key, String token) {

    public Lease {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(token, "token");
    }

    /** The token is a secret of its holder: keep it out of logs and failure messages. */
    @Override
    public String toString() {
        return "Lease[" + key + "]";
    }
}

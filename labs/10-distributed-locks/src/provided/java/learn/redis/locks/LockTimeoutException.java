package learn.redis.locks;

import java.time.Duration;

/** Thrown when a lock could not be acquired within the time the caller was willing to wait. */
public class LockTimeoutException extends RuntimeException {

    public LockTimeoutException(String key, Duration waited) {
        super("Could not acquire " + key + " within " + waited.toMillis() + " ms: another holder kept it");
    }
}

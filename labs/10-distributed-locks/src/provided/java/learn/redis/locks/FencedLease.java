package learn.redis.locks;

import java.util.Objects;

/**
 * An acquisition together with its fencing token: a number that grows with every acquisition of the lock, so a
 * resource can tell a stale holder (smaller number) from the current one.
 *
 * @param lease the acquisition, for {@link RedisLock#release(Lease)}
 * @param fence the number to send with every write that the lock protects
 */
public record FencedLease(Lease lease, long fence) {

    public FencedLease {
        Objects.requireNonNull(lease, "lease");
    }
}

package learn.redis.locks;

import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.RedisClient;

/**
 * A {@link RedisLock} whose every acquisition also gets a fencing token: the next value of a counter that only
 * ever grows, so the resource being protected can refuse writes from a holder whose lease ran out.
 */
public final class FencedLock {

    private final RedisClient redis;
    private final RedisLock lock;

    public FencedLock(RedisClient redis, RedisLock lock) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    /** The counter behind the fences. It never expires: restarting from 1 would make stale holders look current. */
    public String fenceKey() {
        return lock.key() + ":fence";
    }

    /** One attempt: the lease and its fence if the lock was free, empty (and no number drawn) if it is held. */
    public Optional<FencedLease> tryAcquire() {
        // TODO Task 6: in ONE Lua script, SET lock.key() token NX PX lease and, only if that succeeded, INCR
        //  fenceKey(); return the lease with that number.
        throw new UnsupportedOperationException(
                "TODO Task 6: acquire and draw a fencing token atomically (docs/10-distributed-locks.md, Task 6)");
    }
}

package learn.redis.locks;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import redis.clients.jedis.RedisClient;

/**
 * A lock on one Redis server: the key {@code lock:<name>} exists while somebody holds the lock, holds that
 * holder's random token, and expires by itself after the lease, so a crashed holder cannot block everyone forever.
 */
public final class RedisLock {

    private final RedisClient redis;
    private final String key;
    private final Duration lease;
    private final Backoff backoff;

    /** A lock whose holders keep it for at most {@code lease} unless they extend it; waits with {@link Backoff#standard()}. */
    public RedisLock(RedisClient redis, String name, Duration lease) {
        this(redis, name, lease, Backoff.standard());
    }

    public RedisLock(RedisClient redis, String name, Duration lease, Backoff backoff) {
        this.redis = Objects.requireNonNull(redis, "redis");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A lock needs a name, e.g. \"report\"");
        }
        if (lease == null || lease.toMillis() < 1) {
            throw new IllegalArgumentException("The lease must be at least 1 ms, was " + lease
                    + ": a lock without expiry stays locked forever when its holder crashes");
        }
        this.key = "lock:" + name;
        this.lease = lease;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    /** The Redis key that exists while the lock is held. */
    public String key() {
        return key;
    }

    /** How long an acquisition lasts unless it is extended. */
    public Duration lease() {
        return lease;
    }

    /** One attempt, no waiting: the lease if the lock was free, empty if somebody holds it. */
    public Optional<Lease> tryAcquire() {
        // TODO Task 1: write a fresh random token into key() with ONE command that sets it only if the key is
        //  absent and gives it the lease as TTL; return the Lease on "OK", empty otherwise.
        throw new UnsupportedOperationException(
                "TODO Task 1: acquire with one SET key token NX PX lease (docs/10-distributed-locks.md, Task 1)");
    }

    /**
     * Releases the lock if this lease still holds it and returns true; returns false, touching nothing, when the
     * lease expired and the lock is free or somebody else's now.
     */
    public boolean release(Lease lease) {
        // TODO Task 2: compare the token and delete the key in one Lua script (run it with LuaScript); reject a
        //  lease of another lock with IllegalArgumentException.
        throw new UnsupportedOperationException(
                "TODO Task 2: release only if still the owner, with a Lua compare-and-delete"
                        + " (docs/10-distributed-locks.md, Task 2)");
    }

    /** Waits up to {@code timeout} for the lock, pausing between attempts as {@link Backoff} says. */
    public Optional<Lease> tryLock(Duration timeout) throws InterruptedException {
        // TODO Task 3: call tryAcquire() until it succeeds or the timeout is used up, sleeping backoff.delay(n)
        //  between attempts (never past the deadline).
        throw new UnsupportedOperationException(
                "TODO Task 3: wait for the lock with a bounded, jittered backoff (docs/10-distributed-locks.md, Task 3)");
    }

    /**
     * Runs {@code work} while holding the lock and returns its result. The lock is released however {@code work}
     * ends; its exception reaches the caller unchanged.
     *
     * @throws LockTimeoutException if the lock stayed busy for {@code timeout}; {@code work} did not run
     */
    public <T> T withLock(Duration timeout, Callable<T> work) throws Exception {
        // TODO Task 4: tryLock, run the work, and release in a finally block.
        throw new UnsupportedOperationException(
                "TODO Task 4: run work under the lock and always release it (docs/10-distributed-locks.md, Task 4)");
    }

    /**
     * Gives this lease a full {@link #lease()} again, counted from now, if it still holds the lock. Returns false
     * and changes nothing when the lock expired or belongs to somebody else.
     */
    public boolean extend(Lease lease) {
        // TODO Task 5: compare the token and PEXPIRE in one Lua script, like release.
        throw new UnsupportedOperationException(
                "TODO Task 5: extend the lease only while still the owner (docs/10-distributed-locks.md, Task 5)");
    }
}

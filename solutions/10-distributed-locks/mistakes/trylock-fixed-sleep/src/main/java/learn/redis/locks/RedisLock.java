package learn.redis.locks;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * A lock on one Redis server: the key {@code lock:<name>} exists while somebody holds the lock, holds that
 * holder's random token, and expires by itself after the lease, so a crashed holder cannot block everyone forever.
 */
public final class RedisLock {

    // tag::release-script[]
    // GET and DEL in one script: no other client can take the lock between the check and the delete.
    private static final LuaScript RELEASE = new LuaScript("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """);
    // end::release-script[]

    // tag::extend-script[]
    // The same check guards the renewal: a lease that is no longer ours is never extended, and PEXPIRE on a key
    // that expired meanwhile does nothing, so an expired lock is never brought back.
    private static final LuaScript EXTEND = new LuaScript("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return 0
            """);
    // end::extend-script[]

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

    // tag::try-acquire[]
    /** One attempt, no waiting: the lease if the lock was free, empty if somebody holds it. */
    public Optional<Lease> tryAcquire() {
        // A fresh random token per acquisition: the holder proves ownership with it when releasing or extending.
        String token = UUID.randomUUID().toString();
        // NX and PX in the same command: SETNX then EXPIRE leaves a lock without expiry if the client dies between.
        String reply = redis.set(key, token, SetParams.setParams().nx().px(lease.toMillis()));
        return "OK".equals(reply) ? Optional.of(new Lease(key, token)) : Optional.empty();
    }
    // end::try-acquire[]

    /**
     * Releases the lock if this lease still holds it and returns true; returns false, touching nothing, when the
     * lease expired and the lock is free or somebody else's now.
     */
    public boolean release(Lease lease) {
        return runIfOwner(RELEASE, lease, List.of(lease.token()));
    }

    // tag::try-lock[]
    /** Waits up to {@code timeout} for the lock, pausing between attempts as {@link Backoff} says. */
    public Optional<Lease> tryLock(Duration timeout) throws InterruptedException {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be zero or positive, was " + timeout);
        }
        // nanoTime, not the wall clock: an NTP step must not shorten or stretch the wait.
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int attempt = 0; ; attempt++) {
            Optional<Lease> acquired = tryAcquire();
            if (acquired.isPresent()) {
                return acquired;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            // Sleeping (not spinning) leaves Redis to the holder; sleep() also answers an interrupt at once.
            TimeUnit.NANOSECONDS.sleep(Math.min(TimeUnit.MILLISECONDS.toNanos(1), left));
        }
    }
    // end::try-lock[]

    // tag::with-lock[]
    /**
     * Runs {@code work} while holding the lock and returns its result. The lock is released however {@code work}
     * ends; its exception reaches the caller unchanged.
     *
     * @throws LockTimeoutException if the lock stayed busy for {@code timeout}; {@code work} did not run
     */
    public <T> T withLock(Duration timeout, Callable<T> work) throws Exception {
        Lease acquired = tryLock(timeout).orElseThrow(() -> new LockTimeoutException(key, timeout));
        try {
            return work.call();
        } finally {
            release(acquired);
        }
    }
    // end::with-lock[]

    /**
     * Gives this lease a full {@link #lease()} again, counted from now, if it still holds the lock. Returns false
     * and changes nothing when the lock expired or belongs to somebody else.
     */
    public boolean extend(Lease lease) {
        return runIfOwner(EXTEND, lease, List.of(lease.token(), Long.toString(this.lease.toMillis())));
    }

    private boolean runIfOwner(LuaScript script, Lease lease, List<String> args) {
        if (!key.equals(lease.key())) {
            throw new IllegalArgumentException(lease + " belongs to another lock than " + key);
        }
        return Long.valueOf(1).equals(script.run(redis, List.of(key), args));
    }
}

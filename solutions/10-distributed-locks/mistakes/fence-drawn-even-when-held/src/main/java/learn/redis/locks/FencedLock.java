package learn.redis.locks;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import redis.clients.jedis.RedisClient;

/**
 * A {@link RedisLock} whose every acquisition also gets a fencing token: the next value of a counter that only
 * ever grows, so the resource being protected can refuse writes from a holder whose lease ran out.
 */
public final class FencedLock {

    // tag::acquire-script[]
    // Taking the lock and drawing the number in one atomic step: done as two round trips, a holder whose lease
    // expires in between could draw its number after the next holder and so look newer than it.
    private static final LuaScript ACQUIRE = new LuaScript("""
            local fence = redis.call('INCR', KEYS[2])
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
              return fence
            end
            return false
            """);
    // end::acquire-script[]

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
        String token = UUID.randomUUID().toString();
        Object fence = ACQUIRE.run(redis, List.of(lock.key(), fenceKey()),
                List.of(token, Long.toString(lock.lease().toMillis())));
        return fence == null
                ? Optional.empty()
                : Optional.of(new FencedLease(new Lease(lock.key(), token), (Long) fence));
    }
}

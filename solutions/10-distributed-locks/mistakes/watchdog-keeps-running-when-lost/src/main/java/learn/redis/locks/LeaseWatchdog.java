package learn.redis.locks;

import java.time.Duration;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Keeps a lease alive while its holder works longer than the lease: extends it periodically, only while it is
 * still the holder's, and stops for good the first time it is not (released, expired or taken by someone else).
 */
public final class LeaseWatchdog {

    private final RedisLock lock;
    private final Lease lease;
    private volatile boolean running = true;
    private volatile Scheduler.Handle renewals;

    private LeaseWatchdog(RedisLock lock, Lease lease) {
        this.lock = lock;
        this.lease = lease;
    }

    // tag::watchdog[]
    /** Starts renewing {@code lease} on {@code scheduler}; stop it before releasing the lock. */
    public static LeaseWatchdog start(RedisLock lock, Lease lease, Scheduler scheduler) {
        LeaseWatchdog watchdog = new LeaseWatchdog(lock, lease);
        // A third of the lease: two renewals in a row may fail (a slow network, a GC pause) before it runs out.
        Duration period = lock.lease().dividedBy(3);
        watchdog.renewals = scheduler.every(period.isZero() ? Duration.ofMillis(1) : period, watchdog::renew);
        return watchdog;
    }

    private void renew() {
        if (!running) {
            return;
        }
        try {
            // extend() checks the token: a lease that is no longer ours is never extended or recreated.
            lock.extend(lease);
        } catch (JedisConnectionException transientFailure) {
            // Try again on the next tick: the lease still has two thirds left. Throwing here would make a
            // ScheduledExecutorService drop the task silently.
        }
    }
    // end::watchdog[]

    /** True until {@link #stop()} or until a renewal found the lease no longer held. */
    public boolean isRunning() {
        return running;
    }

    /** Stops renewing. Idempotent. */
    public void stop() {
        running = false;
        Scheduler.Handle handle = renewals;
        if (handle != null) {
            handle.cancel();
        }
    }
}

package learn.redis.locks;

/**
 * Keeps a lease alive while its holder works longer than the lease: extends it periodically, only while it is
 * still the holder's, and stops for good the first time it is not (released, expired or taken by someone else).
 */
public final class LeaseWatchdog {

    private LeaseWatchdog() {
        // TODO Task 5: keep what renewing needs (the lock, the lease, the scheduler's handle, a running flag).
    }

    /** Starts renewing {@code lease} on {@code scheduler}; stop it before releasing the lock. */
    public static LeaseWatchdog start(RedisLock lock, Lease lease, Scheduler scheduler) {
        // TODO Task 5: schedule a renewal well within the lease (at most half of it; a third is usual) that calls
        //  lock.extend(lease), stops the watchdog the first time that returns false, and survives a renewal that
        //  throws (a dropped connection): the next tick tries again.
        throw new UnsupportedOperationException(
                "TODO Task 5: renew the lease periodically while still the owner (docs/10-distributed-locks.md, Task 5)");
    }

    /** True until {@link #stop()} or until a renewal found the lease no longer held. */
    public boolean isRunning() {
        // TODO Task 5
        throw new UnsupportedOperationException("TODO Task 5: report whether the watchdog still renews"
                + " (docs/10-distributed-locks.md, Task 5)");
    }

    /** Stops renewing. Idempotent. */
    public void stop() {
        // TODO Task 5
        throw new UnsupportedOperationException("TODO Task 5: cancel the scheduled renewals"
                + " (docs/10-distributed-locks.md, Task 5)");
    }
}

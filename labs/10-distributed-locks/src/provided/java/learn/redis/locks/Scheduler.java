package learn.redis.locks;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task periodically. Code that renews a lease takes one of these instead of creating threads itself, so a
 * test can replace real time with explicit ticks and an application can share one thread among many watchdogs.
 */
@FunctionalInterface
public interface Scheduler {

    /** Runs {@code task} every {@code period}, starting one period from now, until the handle is cancelled. */
    Handle every(Duration period, Runnable task);

    /** Stops a periodic task; cancelling twice is harmless. */
    @FunctionalInterface
    interface Handle {
        void cancel();
    }

    /** A scheduler on real time. Fixed delay, not fixed rate: after a long pause, runs do not pile up. */
    static Scheduler using(ScheduledExecutorService executor) {
        return (period, task) -> {
            long nanos = period.toNanos();
            ScheduledFuture<?> future = executor.scheduleWithFixedDelay(task, nanos, nanos, TimeUnit.NANOSECONDS);
            return () -> future.cancel(false);
        };
    }
}

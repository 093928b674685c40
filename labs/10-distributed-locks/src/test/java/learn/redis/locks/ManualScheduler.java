package learn.redis.locks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Scheduler} on test time: nothing runs until the test calls {@link #tick()}, which runs every task that
 * is still scheduled once, as if one period had passed. Renewal tests become exact instead of racing a clock.
 */
final class ManualScheduler implements Scheduler {

    private final List<Scheduled> tasks = new ArrayList<>();

    @Override
    public synchronized Handle every(Duration period, Runnable task) {
        Scheduled scheduled = new Scheduled(period, task);
        tasks.add(scheduled);
        return scheduled::cancel;
    }

    /** Runs each task that has not been cancelled, once. */
    void tick() {
        List<Scheduled> due;
        synchronized (this) {
            due = List.copyOf(tasks);
        }
        due.stream().filter(s -> !s.cancelled).forEach(s -> s.task.run());
    }

    /** The period of the only task scheduled so far. */
    synchronized Duration period() {
        return only().period;
    }

    synchronized boolean cancelled() {
        return only().cancelled;
    }

    private Scheduled only() {
        if (tasks.size() != 1) {
            throw new AssertionError("expected exactly one scheduled renewal task, found " + tasks.size());
        }
        return tasks.get(0);
    }

    private static final class Scheduled {
        final Duration period;
        final Runnable task;
        volatile boolean cancelled;

        Scheduled(Duration period, Runnable task) {
            this.period = period;
            this.task = task;
        }

        void cancel() {
            cancelled = true;
        }
    }
}

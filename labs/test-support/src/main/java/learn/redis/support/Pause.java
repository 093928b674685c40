package learn.redis.support;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A race on demand: installed as a hook of the code under test (a repository's {@code afterRead}, a cache's
 * {@code afterRedisRead}, ...), it stops one thread, the one {@link #start} started, the first time that thread
 * passes the hook, and holds it there until the test calls {@link #release()} (or {@link #crash}). Meanwhile the
 * test runs the other side of the race to completion. Other threads pass the hook untouched.
 */
public final class Pause implements Runnable {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicBoolean used = new AtomicBoolean();
    private volatile RuntimeException crash;
    private volatile Thread paused;
    private FutureTask<?> task;

    /** Runs {@code work} on a new thread of the given name: the thread this pause stops. */
    public <T> FutureTask<T> start(String threadName, Callable<T> work) {
        FutureTask<T> future = new FutureTask<>(work);
        Thread thread = new Thread(future, threadName);
        thread.setDaemon(true);
        paused = thread;
        task = future;
        thread.start();
        return future;
    }

    @Override
    public void run() {
        if (Thread.currentThread() != paused || !used.compareAndSet(false, true)) {
            return;
        }
        arrived.countDown();
        try {
            released.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (crash != null) {
            throw crash;
        }
    }

    /** Waits until the thread stands at the hook; fails, saying where and why, if it ended or never got there. */
    public void awaitArrival(String where) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            // Short waits on the latch, so that a thread that ended before the hook is reported at once.
            while (!task.isDone() && System.nanoTime() < deadline) {
                if (arrived.await(5, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the " + paused.getName() + " thread", e);
        }
        if (arrived.getCount() == 0) {
            return;
        }
        if (task.isDone()) {
            throw endedBefore(where);
        }
        throw new AssertionError("the " + paused.getName() + " thread did not reach the point " + where + " within "
                + WAIT.toSeconds() + " s");
    }

    private AssertionError endedBefore(String where) {
        String prefix = "the " + paused.getName() + " thread ended before reaching the point " + where + "; it ";
        try {
            return new AssertionError(prefix + "returned " + task.get() + " without getting there");
        } catch (ExecutionException e) {
            // The cause goes along, so that a TODO's UnsupportedOperationException shows with its stack trace.
            return new AssertionError(prefix + "threw " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new AssertionError(prefix + "could not be asked how it ended", e);
        }
    }

    public void release() {
        released.countDown();
    }

    /** Lets the thread go on by throwing {@code failure} at the hook, as if it died there. */
    public void crash(RuntimeException failure) {
        crash = failure;
        released.countDown();
    }

    /** The thread's result, failing with its exception (say, a TODO) if it threw one. */
    public static <T> T join(FutureTask<T> future, String what) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " threw " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not finish within " + WAIT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs {@code work} on a thread of its own, as another client would, and waits for its result. */
    public static <T> T onOwnThread(String threadName, Callable<T> work) {
        FutureTask<T> future = new FutureTask<>(work);
        Thread thread = new Thread(future, threadName);
        thread.setDaemon(true);
        thread.start();
        return join(future, "the " + threadName + " thread");
    }
}

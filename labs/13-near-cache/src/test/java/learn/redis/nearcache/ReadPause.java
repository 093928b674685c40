package learn.redis.nearcache;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A read stopped half-way, on demand: installed with {@code NearCache.afterRedisRead}, it holds the reader thread
 * that {@link #start} started right after its GET has answered and before the value goes into the local level,
 * until the test calls {@link #release()}. Meanwhile the test lets an invalidation (or a lost connection) happen.
 */
final class ReadPause implements Runnable {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile Thread reader;
    private FutureTask<?> task;

    <T> FutureTask<T> start(Callable<T> read) {
        FutureTask<T> future = new FutureTask<>(read);
        Thread thread = new Thread(future, "reader");
        thread.setDaemon(true);
        reader = thread;
        task = future;
        thread.start();
        return future;
    }

    @Override
    public void run() {
        if (Thread.currentThread() != reader || arrived.getCount() == 0) {
            return;
        }
        arrived.countDown();
        try {
            released.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the reader stands between its GET and the local store; fails saying why if it never does. */
    void awaitArrival() {
        long deadline = System.nanoTime() + WAIT.toNanos();
        try {
            while (!task.isDone() && System.nanoTime() < deadline) {
                if (arrived.await(5, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the reader", e);
        }
        if (arrived.getCount() == 0) {
            return;
        }
        if (task.isDone()) {
            try {
                task.get();
            } catch (ExecutionException e) {
                // The cause goes along, so that a TODO shows with its stack trace.
                throw new AssertionError("get threw " + e.getCause() + " before reaching afterRedisRead",
                        e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AssertionError("get never ran the afterRedisRead hook: call afterRedisRead.run() right after the"
                + " GET has answered and before the value goes into the local level");
    }

    void release() {
        released.countDown();
    }

    /** The reader's result, failing with its exception if it threw one. */
    static <T> T join(FutureTask<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("the reader's get threw " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the reader's get did not finish within " + WAIT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

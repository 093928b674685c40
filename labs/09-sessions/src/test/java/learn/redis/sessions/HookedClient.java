package learn.redis.sessions;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A race between two steps of one method, on demand: a Lettuce client whose connections count the commands the
 * armed thread sends through {@code sync()} or {@code async()} and, right after the n-th has returned, run a hook
 * once on that thread. Whatever the hook does (say, a "log out everywhere") runs between the n-th and the next
 * command, as another request would in production. Code that does its work in one script has no such gap.
 */
final class HookedClient extends RedisClient implements AutoCloseable {

    private final AtomicInteger countdown = new AtomicInteger();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger waitedFor = new AtomicInteger();
    private final AtomicInteger overlapping = new AtomicInteger();
    private volatile boolean trackingAsync;
    private volatile Future<?> lastAsync;
    private volatile Thread armedThread;
    private volatile Runnable hook;

    HookedClient(RedisClient client, String uri) {
        super(client.getResources(), RedisURI.create(uri));
    }

    /** Runs {@code hook} once, right after the {@code n}-th command the current thread sends from now on. */
    void armAfter(int n, Runnable hook) {
        sent.set(0);
        waitedFor.set(0);
        countdown.set(n);
        this.hook = hook;
        armedThread = Thread.currentThread();
    }

    /** Counts the commands the current thread sends from now on, without running anything. */
    void count() {
        armAfter(Integer.MAX_VALUE, () -> { });
    }

    /** Stops counting; returns how many commands the armed thread sent. */
    int disarm() {
        armedThread = null;
        hook = null;
        return sent.get();
    }

    /** How many of the commands counted went through {@code sync()}, each waiting for its reply before the next. */
    int waitedFor() {
        return waitedFor.get();
    }

    /** From now on, counts the async commands sent while the async command before them still waited for its reply. */
    void countOverlaps() {
        overlapping.set(0);
        lastAsync = null;
        trackingAsync = true;
    }

    /** Stops that count and returns it: how many async commands left before the previous one's reply was in. */
    int overlapping() {
        trackingAsync = false;
        return overlapping.get();
    }

    /** Whether the hook has run since {@link #armAfter}. */
    boolean fired() {
        return hook == null || countdown.get() <= 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public StatefulRedisConnection<String, String> connect() {
        StatefulRedisConnection<String, String> connection = super.connect();
        return proxy(StatefulRedisConnection.class, connection, (method, result) ->
                method.getName().equals("sync") || method.getName().equals("async")
                        ? proxy(method.getReturnType(), result,
                                (command, reply) -> afterCommand(method.getName().equals("sync"), reply))
                        : result);
    }

    private Object afterCommand(boolean sync, Object reply) {
        if (!sync && trackingAsync && reply instanceof Future<?> future) {
            Future<?> previous = lastAsync;
            if (previous != null && !previous.isDone()) {
                overlapping.incrementAndGet();
            }
            lastAsync = future;
        }
        if (Thread.currentThread() == armedThread) {
            sent.incrementAndGet();
            if (sync) {
                waitedFor.incrementAndGet();
            }
            if (countdown.decrementAndGet() == 0) {
                Runnable once = hook;
                armedThread = null; // The hook's own commands are not counted, nor hooked again.
                once.run();
            }
        }
        return reply;
    }

    @Override
    public void close() {
        shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    private interface After {
        Object apply(Method method, Object result);
    }

    private static <T> T proxy(Class<T> type, Object target, After after) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return method.getDeclaringClass() == Object.class ? result : after.apply(method, result);
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}

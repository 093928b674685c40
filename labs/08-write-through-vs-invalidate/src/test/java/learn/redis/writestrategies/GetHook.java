package learn.redis.writestrategies;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConnection;

/**
 * A race between two Redis commands on demand: a {@link RedisConnectionFactory} whose connections, once
 * {@link #arm armed}, run a hook right after the next {@code GET} has returned its value to the caller and before
 * the caller sends anything else. That is the gap of a "GET, decide in Java, then SET": whatever the hook writes
 * lands between the two, as another client's command would in production. Code that checks and stores in one Lua
 * script (or under {@code WATCH}) sends no such GET, and the hook never fires.
 */
final class GetHook implements RedisConnectionFactory {

    private final RedisConnectionFactory delegate;
    private final AtomicReference<Runnable> armed = new AtomicReference<>();
    private final AtomicBoolean fired = new AtomicBoolean();

    GetHook(RedisConnectionFactory delegate) {
        this.delegate = delegate;
    }

    /** Runs {@code hook} once, after the next GET of any connection of this factory. */
    void arm(Runnable hook) {
        armed.set(hook);
    }

    /**
     * Takes back a hook that has not run yet; returns whether one ran, that is, whether the code under test sent a
     * GET after it was armed.
     */
    boolean disarm() {
        armed.set(null);
        return fired.get();
    }

    @Override
    public RedisConnection getConnection() {
        return hooked(RedisConnection.class, delegate.getConnection());
    }

    /**
     * Wraps {@code target} so that its {@code get(byte[])} runs the armed hook after returning, and so that the
     * command groups it hands out ({@code stringCommands()}, ...) do the same.
     */
    private <T> T hooked(Class<T> type, T target) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result = invoke(method, target, args);
            if (isGet(method)) {
                Runnable hook = armed.getAndSet(null);
                if (hook != null) {
                    fired.set(true);
                    hook.run();
                }
            } else if (result != null && method.getReturnType().isInterface()
                    && method.getName().endsWith("Commands")) {
                return hooked(uncheckedType(method.getReturnType()), result);
            }
            return result;
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static boolean isGet(Method method) {
        return method.getName().equals("get") && method.getParameterCount() == 1
                && method.getParameterTypes()[0] == byte[].class;
    }

    @SuppressWarnings("unchecked")
    private static <T> Class<T> uncheckedType(Class<?> type) {
        return (Class<T>) type;
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public RedisClusterConnection getClusterConnection() {
        return delegate.getClusterConnection();
    }

    @Override
    public RedisSentinelConnection getSentinelConnection() {
        return delegate.getSentinelConnection();
    }

    @Override
    public boolean getConvertPipelineAndTxResults() {
        return delegate.getConvertPipelineAndTxResults();
    }

    @Override
    public DataAccessException translateExceptionIfPossible(RuntimeException ex) {
        return delegate.translateExceptionIfPossible(ex);
    }
}

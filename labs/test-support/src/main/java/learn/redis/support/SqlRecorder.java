package learn.redis.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * Sees the SQL that code under test executes through a {@link DataSource}, and can run a step of the test right after
 * the next statement executes or the next commit: a database's counterpart of {@code RedisStats}, to check where a
 * comparison happens, how many transactions a batch took, and to force two writers to interleave (or a process to
 * die) at one exact point.
 */
public final class SqlRecorder {

    /** A step of the test that may throw. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    private final List<String> executed = new ArrayList<>();
    private final AtomicReference<Step> afterFirstStatement = new AtomicReference<>();
    private final AtomicReference<Step> afterCommit = new AtomicReference<>();
    private final AtomicInteger commits = new AtomicInteger();

    /** {@code target} seen through this recorder: every statement executed through it is recorded. */
    public DataSource wrap(DataSource target) {
        return (DataSource) proxy(DataSource.class, target, null);
    }

    /** Runs {@code step} once, right after the next statement executed through a wrapped DataSource returns. */
    public void afterFirstStatement(Step step) {
        afterFirstStatement.set(step);
    }

    /** Runs {@code step} once, right after the next {@code Connection.commit()} through a wrapped DataSource returns. */
    public void afterCommit(Step step) {
        afterCommit.set(step);
    }

    /** How many {@code Connection.commit()} calls went through a wrapped DataSource. */
    public int commits() {
        return commits.get();
    }

    /** The SQL executed since the last call, in order. */
    public synchronized List<String> take() {
        List<String> taken = List.copyOf(executed);
        executed.clear();
        return taken;
    }

    public static boolean isQuery(String sql) {
        return firstWord(sql).equals("SELECT");
    }

    public static boolean isWrite(String sql) {
        return List.of("UPDATE", "INSERT", "MERGE").contains(firstWord(sql));
    }

    private static String firstWord(String sql) {
        return sql.strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
    }

    private synchronized void record(String sql) {
        executed.add(sql);
    }

    private Object proxy(Class<?> type, Object target, String preparedSql) {
        return Proxy.newProxyInstance(SqlRecorder.class.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> {
                    boolean executes = method.getName().startsWith("execute");
                    if (executes) {
                        record(sqlArgument(args) != null ? sqlArgument(args) : String.valueOf(preparedSql));
                    }
                    Object result;
                    try {
                        result = method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    boolean commits = method.getName().equals("commit");
                    if (commits) {
                        this.commits.incrementAndGet();
                    }
                    Step step = executes ? afterFirstStatement.getAndSet(null)
                            : commits ? afterCommit.getAndSet(null) : null;
                    if (step != null) {
                        step.run();
                    }
                    return wrapped(method, result, args);
                });
    }

    /** Connections and statements handed out are wrapped too, so nothing executes unseen. */
    private Object wrapped(Method method, Object result, Object[] args) {
        Class<?> type = method.getReturnType();
        if (result != null && (type == Connection.class || type == Statement.class
                || type == PreparedStatement.class || type == CallableStatement.class)) {
            return proxy(type, result, sqlArgument(args));
        }
        return result;
    }

    private static String sqlArgument(Object[] args) {
        return args != null && args.length > 0 && args[0] instanceof String sql ? sql : null;
    }
}

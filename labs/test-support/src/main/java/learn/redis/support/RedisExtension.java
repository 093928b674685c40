package learn.redis.support;

import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The extension behind {@link RedisLab}. One Redis server per launcher session, kept in the session's store so JUnit
 * closes it when the session ends (as JUnit's own HttpServerExtension sample does with the root store); an empty
 * database before and after each test; clients injected by parameter type. Surefire and IDEs open one session per
 * JVM, so that is one server per run; the grader's watch mode and mistakes check keep one session open across many
 * executions (each with freshly compiled classes), so the server stays warm between them.
 */
public final class RedisExtension implements ExecutionCondition, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RedisExtension.class);

    private static final String JEDIS = "redis.clients.jedis.RedisClient";
    private static final String LETTUCE = "io.lettuce.core.RedisClient";
    private static final String JEDIS_CLUSTER = "redis.clients.jedis.RedisClusterClient";
    private static final String LETTUCE_CLUSTER = "io.lettuce.core.cluster.RedisClusterClient";
    /** Parameters that need servers of the run's own: not available when the run's server comes from a URL. */
    private static final Set<String> OWN_SERVERS = Set.of(RestartableRedis.class.getName(),
            LabCluster.class.getName(), JEDIS_CLUSTER, LETTUCE_CLUSTER);
    private static final Set<String> SPRING = Set.of(
            "org.springframework.data.redis.connection.RedisConnectionFactory",
            "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory");

    /**
     * Skips, with the reason, a test that asks for a {@link RestartableRedis} or the {@link LabCluster} (or a
     * cluster client) (in its own parameters or those of its
     * constructors and lifecycle methods) when the run's server comes from a URL: such a test may only crash a server
     * it owns. Decided here because JUnit turns an abort thrown while resolving a parameter into an error.
     */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty() || !asksForOwnServers(context)) {
            return ConditionEvaluationResult.enabled("no server of its own needed");
        }
        RunState state = state(context);
        if (state.run != null && state.run.provider() == Provider.URL) {
            return ConditionEvaluationResult.disabled(ownServerRefusal(state.run));
        }
        return ConditionEvaluationResult.enabled("the run starts its own servers"); // or fails, in beforeEach
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        RedisRun run = run(context);
        run.admin().flushDB();
        run.startedCluster().ifPresent(LabCluster::flushAll);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RedisRun run = run(context);
        // A consumer still blocked in BRPOP/BLMOVE (a test that failed mid-way) would take the next test's data.
        run.stats().disconnectBlockedClients();
        run.admin().flushDB();
        // Crashed nodes back, replication restored, migrations closed, keys gone: the next test's cluster is whole.
        run.startedCluster().ifPresent(LabCluster::settle);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == RedisServerInfo.class || type == RedisStats.class || type == RestartableRedis.class
                || type == CommandMonitor.class
                || type == LabCluster.class || type.getName().equals(JEDIS_CLUSTER)
                || type.getName().equals(LETTUCE_CLUSTER)
                || type.getName().equals(JEDIS) || type.getName().equals(LETTUCE) || SPRING.contains(type.getName());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        RedisRun run = run(context);
        Class<?> type = parameter.getParameter().getType();
        Consumer<AutoCloseable> closeAfterTest = resource -> context.getStore(NAMESPACE)
                .put(UUID.randomUUID(), resource);
        if (type == RedisServerInfo.class) {
            return run.info();
        }
        if (type == RedisStats.class) {
            return run.stats();
        }
        if (type == CommandMonitor.class) {
            CommandMonitor monitor = CommandMonitor.start(run.info().uri());
            closeAfterTest.accept(monitor);
            return monitor;
        }
        if (type == RestartableRedis.class) {
            return restartable(run, closeAfterTest);
        }
        if (type == LabCluster.class) {
            return cluster(run);
        }
        if (type.getName().equals(JEDIS_CLUSTER)) {
            redis.clients.jedis.RedisClusterClient client = redis.clients.jedis.RedisClusterClient.create(
                    cluster(run).uris().stream().map(uri -> new redis.clients.jedis.HostAndPort(uri.getHost(),
                            uri.getPort())).collect(Collectors.toSet()));
            closeAfterTest.accept(client);
            return client;
        }
        if (type.getName().equals(LETTUCE_CLUSTER)) {
            return run.lettuce().newClusterClient(cluster(run), closeAfterTest);
        }
        if (type.getName().equals(JEDIS)) {
            // A fresh client per test: code under test may close it or leave it in a bad state.
            redis.clients.jedis.RedisClient client = redis.clients.jedis.RedisClient.create(run.info().uri());
            closeAfterTest.accept(client);
            return client;
        }
        if (type.getName().equals(LETTUCE)) {
            return run.lettuce().newClient(run.info(), closeAfterTest);
        }
        if (SPRING.contains(type.getName())) {
            return SpringSupport.newConnectionFactory(run.info(), run.lettuce(), closeAfterTest);
        }
        throw new ParameterResolutionException("@RedisLab cannot provide a " + type.getName());
    }

    private static RestartableRedis restartable(RedisRun run, Consumer<AutoCloseable> closeAfterTest) {
        if (run.provider() == Provider.URL) {
            throw new ParameterResolutionException(ownServerRefusal(run));
        }
        RestartableRedis server = run.newRestartable();
        closeAfterTest.accept(server);
        return server;
    }

    private static LabCluster cluster(RedisRun run) {
        if (run.provider() == Provider.URL) {
            throw new ParameterResolutionException(ownServerRefusal(run));
        }
        return run.cluster();
    }

    private static String ownServerRefusal(RedisRun run) {
        return "This test needs Redis servers it can start, stop and restart (its own server or a Redis Cluster),"
                + " and " + run.info().source()
                + " points at a server it does not own. Unset REDIS_URL (and -Dredis.url) to run it: the labs then"
                + " start a Redis of their own.";
    }

    private static boolean asksForOwnServers(ExtensionContext context) {
        List<Executable> asking = new ArrayList<>(List.of(context.getRequiredTestMethod()));
        for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getEnclosingClass()) {
            for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
                asking.addAll(List.of(k.getDeclaredConstructors()));
                for (Method method : k.getDeclaredMethods()) {
                    if (method.isAnnotationPresent(BeforeEach.class) || method.isAnnotationPresent(BeforeAll.class)) {
                        asking.add(method);
                    }
                }
            }
        }
        return asking.stream().flatMap(e -> Arrays.stream(e.getParameterTypes()))
                .anyMatch(type -> OWN_SERVERS.contains(type.getName()));
    }

    /** The run's server, started on first use. A failure is kept too, so every test fails fast with its message. */
    private static RedisRun run(ExtensionContext context) {
        return state(context).runOrThrow();
    }

    private static RunState state(ExtensionContext context) {
        return context.getStore(ExtensionContext.StoreScope.LAUNCHER_SESSION, NAMESPACE)
                .computeIfAbsent(RunState.class, key -> RunState.start(), RunState.class);
    }

    /** Either the run, or why it could not start. Closed by JUnit when the launcher session ends. */
    private static final class RunState implements AutoCloseable {

        private final RedisRun run;
        private final RuntimeException failure;

        private RunState(RedisRun run, RuntimeException failure) {
            this.run = run;
            this.failure = failure;
        }

        static RunState start() {
            try {
                RedisRun run = RedisRun.start(ProviderChoice.Settings.from(System.getenv(), System.getProperties()),
                        System.getenv());
                System.out.println(run.info().describe());
                return new RunState(run, null);
            } catch (RuntimeException e) {
                System.err.println("Redis labs: no Redis for this run: " + e.getMessage());
                return new RunState(null, e);
            }
        }

        RedisRun runOrThrow() {
            if (failure instanceof ExtensionConfigurationException configuration) {
                throw new ExtensionConfigurationException(configuration.getMessage(), configuration);
            }
            if (failure != null) {
                throw new ExtensionConfigurationException("Could not start Redis for the tests: "
                        + failure.getMessage(), failure);
            }
            return run;
        }

        @Override
        public void close() {
            if (run != null) {
                run.close();
            }
        }
    }
}

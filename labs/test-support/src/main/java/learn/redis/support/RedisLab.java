package learn.redis.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a real Redis server that the run provides by itself.
 *
 * <p>Test methods, constructors and lifecycle methods can declare parameters of these types:
 * <ul>
 *   <li>{@code redis.clients.jedis.RedisClient} (Jedis), {@code io.lettuce.core.RedisClient} (Lettuce) and
 *       {@code org.springframework.data.redis.connection.RedisConnectionFactory}: fresh clients for each test,
 *       closed after it, so code under test may close or misuse them without harming other tests;</li>
 *   <li>{@link RedisServerInfo}: where the server is and which version it runs;</li>
 *   <li>{@link RedisStats}: the server's own counters ({@code INFO commandstats}, {@code INFO clients}), to check
 *       how code talks to Redis, not only what it stores;</li>
 *   <li>{@link CommandMonitor}: every command the server runs from then on, and whether a Lua script ran it
 *       ({@code MONITOR});</li>
 *   <li>{@link RestartableRedis}: a server of the test's own that it can crash and restart (skipped when the run
 *       uses an external {@code REDIS_URL}).</li>
 *   <li>{@link LabCluster}, {@code redis.clients.jedis.RedisClusterClient} and
 *       {@code io.lettuce.core.cluster.RedisClusterClient}: a real Redis Cluster (3 masters, one replica each)
 *       that the run starts on first use from the same binaries, and cluster clients for it (fresh per test).
 *       Every test starts with an empty cluster; after it, crashed nodes are restarted and replication and slot
 *       migrations are put right (skipped, like a restartable server, when the run uses {@code REDIS_URL}).</li>
 * </ul>
 * Every test starts and ends with an empty database. Each test has a time limit (overridable with a closer
 * {@code @Timeout}), so an endless loop fails that test instead of hanging the run.
 *
 * <p>Where the server comes from is printed once per run; see {@link Provider} for the order. A failed assertion
 * in a {@link Task} ends with the task's chapter section and the hint command ({@link TaskFailureHint}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(RedisExtension.class)
@ExtendWith(TaskFailureHint.class)
@Timeout(20)
public @interface RedisLab {
}

package learn.redis.persistence;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a test (or a class of them) that crashes a server of its own when the run uses an external server
 * ({@code REDIS_URL} or {@code -Dredis.url}), with a message saying why.
 *
 * <p>The support extension refuses a {@code RestartableRedis} parameter in that case by throwing
 * {@code TestAbortedException}, but JUnit wraps anything thrown while resolving a parameter in a
 * {@code ParameterResolutionException}, so the test errors instead of being skipped. A condition is evaluated before
 * any parameter is resolved, and a disabled test is reported as skipped.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(NeedsOwnServer.Condition.class)
@interface NeedsOwnServer {

    final class Condition implements ExecutionCondition {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            // The same sources, in the same order, as the support module's choice of server.
            String property = System.getProperty("redis.url", "");
            String origin = property.isBlank() ? "REDIS_URL" : "-Dredis.url";
            String url = property.isBlank() ? System.getenv().getOrDefault("REDIS_URL", "") : property;
            if (url.isBlank()) {
                return ConditionEvaluationResult.enabled("the labs start a Redis server of their own");
            }
            return ConditionEvaluationResult.disabled("This test needs a Redis server it can crash and restart,"
                    + " and " + origin + " points at a server it does not own. Unset REDIS_URL (and -Dredis.url)"
                    + " to run it: the labs then start a Redis of their own.");
        }
    }
}

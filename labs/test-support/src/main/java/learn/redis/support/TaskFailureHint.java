package learn.redis.support;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.AssertionFailedError;

/**
 * Ends the message of a failed assertion in a {@link Task} with where to read up and get a hint:
 * {@code -> Task 2, docs/01-strings.md#task-2-page-view-counters (hints: ./mvnw -q -Phint -Dlab=01 -Dtask=2)},
 * or the Chinese chapter's section and hint command for a learner who reads it ({@link TaskDocs#chinese()}).
 * Only assertion failures are touched: errors keep their type and message (the starter's
 * "TODO Task N" exceptions already say where to look).
 */
public final class TaskFailureHint implements TestExecutionExceptionHandler {

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        Class<?> testClass = context.getRequiredTestClass();
        Optional<Task> task = TaskDocs.taskOf(testClass);
        Path module = TaskDocs.moduleDir(testClass);
        Optional<String> lab = TaskDocs.labSlug(module);
        if (!(thrown instanceof AssertionError failure) || task.isEmpty() || lab.isEmpty()) {
            throw thrown;
        }
        int n = task.get().value();
        String hints = "./mvnw -q -Phint -Dlab=" + lab.get().substring(0, 2) + " -Dtask=" + n;
        String where = TaskDocs.chinese()
                ? "\n-> 任务 " + n + "，" + TaskDocs.section(module, lab.get(), n) + "（提示：" + hints + " -Dlang=zh-CN）"
                : "\n-> Task " + n + ", " + TaskDocs.section(module, lab.get(), n) + " (hints: " + hints + ")";
        throw withMessage(failure, String.valueOf(failure.getMessage()) + where);
    }

    /** The same failure with a longer message: expected/actual (the IDE's diff) and the stack trace are kept. */
    private static AssertionError withMessage(AssertionError original, String message) {
        AssertionFailedError longer;
        if (original instanceof AssertionFailedError afe && afe.isExpectedDefined() && afe.isActualDefined()) {
            longer = new AssertionFailedError(message, afe.getExpected().getValue(), afe.getActual().getValue(),
                    afe.getCause());
        } else {
            longer = new AssertionFailedError(message, original.getCause());
        }
        longer.setStackTrace(original.getStackTrace());
        for (Throwable s : original.getSuppressed()) {
            longer.addSuppressed(s);
        }
        return longer;
    }
}

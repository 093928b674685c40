package learn.redis.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Records, per lab, how each {@link Task} did: {@code <lab>/target/redis-labs/results.json}, which the grade and
 * progress commands read. Registered through {@code META-INF/services}, so it runs in Maven, in an IDE and in CI alike.
 *
 * <p>The unit is a test method as written in the source: a {@code @ParameterizedTest} counts once and passes only
 * if every invocation does. A test that is skipped, disabled or never ran counts as not passed, so disabling a test
 * can never raise a task's share.
 */
public final class TaskResultsListener implements TestExecutionListener {

    /** Where, under a lab's {@code target/}, the results are written. */
    public static final String RESULTS = "redis-labs/results.json";

    private final Map<String, Unit> units = new LinkedHashMap<>();
    private TestPlan plan;

    /** One test method of one task, and how it went. */
    private static final class Unit {
        final Path module;
        final Task task;
        final String taskTitle;
        final String name;
        String status = "NOT_RUN";
        String message = "";

        Unit(Path module, Task task, String taskTitle, String name) {
            this.module = module;
            this.task = task;
            this.taskTitle = taskTitle;
            this.name = name;
        }

        void fail(String status, String why) {
            if (!this.status.equals("FAILED")) {
                this.status = status;
                this.message = why;
            }
        }
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        units.clear();
        for (TestIdentifier root : testPlan.getRoots()) {
            for (TestIdentifier id : testPlan.getDescendants(root)) {
                unitFor(id).ifPresent(unit -> units.put(id.getUniqueId(), unit));
            }
        }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        Unit unit = units.get(id.getUniqueId());
        if (unit != null) {
            unit.fail("SKIPPED", reason);
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        Unit unit = units.get(id.getUniqueId());
        String why = result.getThrowable().map(TaskResultsListener::firstLine).orElse("");
        if (unit != null) {
            switch (result.getStatus()) {
                case SUCCESSFUL -> {
                    if (unit.status.equals("NOT_RUN")) {
                        unit.status = "PASSED";
                    }
                }
                case ABORTED -> unit.fail("ABORTED", why);
                case FAILED -> unit.fail("FAILED", why);
            }
            return;
        }
        if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
            return;
        }
        // An invocation of a parameterized test fails its method; a failing class fails what it never ran.
        Optional<Unit> method = enclosingUnit(id);
        if (method.isPresent()) {
            method.get().fail(result.getStatus() == TestExecutionResult.Status.FAILED ? "FAILED" : "ABORTED", why);
        } else if (plan != null) {
            for (TestIdentifier child : plan.getDescendants(id)) {
                Unit never = units.get(child.getUniqueId());
                if (never != null && never.status.equals("NOT_RUN")) {
                    never.fail("FAILED", why);
                }
            }
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        Map<Path, List<Unit>> byModule = new LinkedHashMap<>();
        units.values().forEach(u -> byModule.computeIfAbsent(u.module, m -> new ArrayList<>()).add(u));
        byModule.forEach(TaskResultsListener::write);
    }

    private Optional<Unit> enclosingUnit(TestIdentifier id) {
        if (plan == null) {
            return Optional.empty();
        }
        for (Optional<TestIdentifier> p = plan.getParent(id); p.isPresent(); p = plan.getParent(p.get())) {
            Unit unit = units.get(p.get().getUniqueId());
            if (unit != null) {
                return Optional.of(unit);
            }
        }
        return Optional.empty();
    }

    /** A unit is anything declared by a method (a test, a test template, a test factory) inside a task class. */
    private static Optional<Unit> unitFor(TestIdentifier id) {
        if (!(id.getSource().orElse(null) instanceof MethodSource method)) {
            return Optional.empty();
        }
        Class<?> testClass;
        try {
            testClass = method.getJavaClass();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        return TaskDocs.taskOf(testClass).map(task -> new Unit(TaskDocs.moduleDir(testClass), task,
                taskTitle(testClass, task), id.getDisplayName()));
    }

    private static String taskTitle(Class<?> testClass, Task task) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            if (task.equals(c.getAnnotation(Task.class))) {
                DisplayName name = c.getAnnotation(DisplayName.class);
                return name != null ? name.value() : "Task " + task.value();
            }
        }
        return "Task " + task.value();
    }

    private static String firstLine(Throwable t) {
        String message = String.valueOf(t.getMessage()).strip();
        int end = message.indexOf('\n');
        String line = end < 0 ? message : message.substring(0, end).strip();
        String text = t.getClass().getSimpleName() + ": " + line;
        return text.length() <= 300 ? text : text.substring(0, 297) + "...";
    }

    private static void write(Path module, List<Unit> labUnits) {
        Map<Integer, List<Unit>> byTask = new TreeMap<>();
        labUnits.forEach(u -> byTask.computeIfAbsent(u.task.value(), n -> new ArrayList<>()).add(u));
        StringBuilder json = new StringBuilder("{\n  \"lab\": ")
                .append(quote(TaskDocs.labSlug(module).orElse(String.valueOf(module.getFileName()))))
                .append(",\n  \"tasks\": [");
        String taskSep = "\n";
        for (var entry : byTask.entrySet()) {
            List<Unit> tests = entry.getValue();
            int points = tests.stream().mapToInt(u -> u.task.points()).max().orElse(0);
            json.append(taskSep).append("    {\"task\": ").append(entry.getKey())
                    .append(", \"title\": ").append(quote(tests.get(0).taskTitle))
                    .append(", \"points\": ").append(points).append(", \"tests\": [");
            String testSep = "\n";
            for (Unit u : tests) {
                json.append(testSep).append("      {\"name\": ").append(quote(u.name))
                        .append(", \"status\": ").append(quote(u.status))
                        .append(", \"message\": ").append(quote(u.message)).append('}');
                testSep = ",\n";
            }
            json.append("\n    ]}");
            taskSep = ",\n";
        }
        json.append("\n  ]\n}\n");
        Path file = module.resolve("target").resolve(RESULTS);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, json, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the task results to " + file, e);
        }
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}

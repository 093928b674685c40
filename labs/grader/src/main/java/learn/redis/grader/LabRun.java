package learn.redis.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the last test run of one lab says, task by task. When the run left no results (the lab does not compile, or
 * its tests never ran) the tasks are read from the test sources, so the lab still counts with its full max and
 * zero points instead of vanishing from the grade.
 */
record LabRun(Lab lab, boolean ran, List<TaskResult> tasks, Integer canonicalMax) {

    private static final Pattern TASK = Pattern.compile(
            "@Task\\s*\\(\\s*(?:value\\s*=\\s*)?(\\d+)\\s*(?:,\\s*points\\s*=\\s*(\\d+)\\s*)?\\)"
            + "|@Task\\s*\\(\\s*points\\s*=\\s*(\\d+)\\s*,\\s*value\\s*=\\s*(\\d+)\\s*\\)");
    private static final Pattern TITLE = Pattern.compile("@DisplayName\\s*\\(\\s*\"(Task\\s+\\d+[^\"]*)\"");
    private static final Pattern TEST = Pattern.compile(
            "@(Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate)\\b");

    static LabRun of(Lab lab) {
        return of(lab, null);
    }

    /**
     * The lab's last run, worth {@code canonicalMax} (from the course's points file) when given: then tests a student
     * deleted or disabled still count in the max.
     */
    static LabRun of(Lab lab, Integer canonicalMax) {
        Path file = lab.results();
        if (Files.isRegularFile(file)) {
            return new LabRun(lab, true, read(file), canonicalMax);
        }
        return new LabRun(lab, false, declared(lab), canonicalMax);
    }

    long passed() {
        return tasks.stream().mapToLong(TaskResult::passed).sum();
    }

    long total() {
        return tasks.stream().mapToLong(t -> t.tests().size()).sum();
    }

    double points() {
        return Points.round(Math.min(max(), tasks.stream().mapToDouble(TaskResult::earned).sum()));
    }

    int max() {
        return canonicalMax != null ? canonicalMax : tasks.stream().mapToInt(TaskResult::points).sum();
    }

    private static List<TaskResult> read(Path file) {
        JsonNode root = JsonMapper.shared().readTree(file);
        List<TaskResult> tasks = new ArrayList<>();
        for (JsonNode t : root.path("tasks")) {
            List<TaskResult.Test> tests = new ArrayList<>();
            for (JsonNode test : t.path("tests")) {
                tests.add(new TaskResult.Test(test.path("name").asString(), test.path("status").asString(),
                        test.path("message").asString()));
            }
            tasks.add(new TaskResult(t.path("task").asInt(), t.path("title").asString(), t.path("points").asInt(),
                    tests));
        }
        return tasks;
    }

    /**
     * The tasks as declared in the sources: each {@code @Task} with its points, title and the test methods that
     * follow it up to the next {@code @Task} (one nested class per task, as labs/README.md asks).
     */
    static List<TaskResult> declared(Lab lab) {
        Map<Integer, TaskResult> tasks = new TreeMap<>();
        for (Path source : javaFiles(lab.testSources())) {
            String text = readString(source);
            Matcher task = TASK.matcher(text);
            List<int[]> found = new ArrayList<>();
            while (task.find()) {
                boolean valueFirst = task.group(1) != null;
                int number = Integer.parseInt(valueFirst ? task.group(1) : task.group(4));
                String points = valueFirst ? task.group(2) : task.group(3);
                found.add(new int[] {number, points == null ? 10 : Integer.parseInt(points), task.start()});
            }
            for (int i = 0; i < found.size(); i++) {
                int from = found.get(i)[2];
                String body = text.substring(from, i + 1 < found.size() ? found.get(i + 1)[2] : text.length());
                Matcher title = TITLE.matcher(body);
                int number = found.get(i)[0];
                List<TaskResult.Test> tests = new ArrayList<>(TEST.matcher(body).results()
                        .map(m -> new TaskResult.Test("(test in " + source.getFileName() + ")", "NOT_RUN",
                                "the lab's tests did not run: does the lab compile?"))
                        .toList());
                TaskResult earlier = tasks.get(number);
                if (earlier != null) {
                    tests.addAll(0, earlier.tests());
                }
                tasks.put(number, new TaskResult(number, title.find() ? title.group(1) : "Task " + number,
                        Math.max(found.get(i)[1], earlier == null ? 0 : earlier.points()),
                        Collections.unmodifiableList(tests)));
            }
        }
        return List.copyOf(tasks.values());
    }

    private static List<Path> javaFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

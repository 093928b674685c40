package learn.redis.support;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where a task lives: its {@link Task} annotation, the lab it belongs to and its section in the lab's chapter
 * ({@code docs/NN-slug.md#task-n-...}), so grading and failure messages can point a learner at the right place.
 */
final class TaskDocs {

    private static final Pattern LAB_DIR = Pattern.compile("\\d\\d-.+");

    private TaskDocs() {
    }

    /** The {@code @Task} on the class or on a class that encloses it ({@code @Nested} inside a task). */
    static Optional<Task> taskOf(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            Task task = c.getAnnotation(Task.class);
            if (task != null) {
                return Optional.of(task);
            }
        }
        return Optional.empty();
    }

    /**
     * The Maven module the class was compiled in ({@code <module>/target/test-classes}), or the working directory
     * when the class comes from somewhere else (an IDE's own output folder).
     */
    static Path moduleDir(Class<?> testClass) {
        try {
            Path location = Path.of(testClass.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = location.getParent();
            if (location.endsWith("test-classes") && target != null && target.endsWith("target")) {
                return target.getParent();
            }
        } catch (URISyntaxException | RuntimeException e) {
            // No usable code source (e.g. a class loaded from memory): fall back to the working directory.
        }
        return Path.of(System.getProperty("user.dir")).toAbsolutePath();
    }

    /** {@code 01-strings} for a module in {@code labs/01-strings}, empty for anything that is not a lab. */
    static Optional<String> labSlug(Path moduleDir) {
        Path name = moduleDir.getFileName();
        return name != null && LAB_DIR.matcher(name.toString()).matches()
                ? Optional.of(name.toString()) : Optional.empty();
    }

    /**
     * Whether the learner reads the Simplified Chinese chapters: {@code -Dlang=zh-CN} (Maven passes it to the test
     * JVM) or the environment variable {@code REDIS_LABS_LANG}, as for the hint command.
     */
    static boolean chinese() {
        String lang = System.getProperty("lang", "");
        if (lang.isBlank()) {
            lang = Optional.ofNullable(System.getenv("REDIS_LABS_LANG")).orElse("");
        }
        return lang.strip().toLowerCase(Locale.ROOT).startsWith("zh");
    }

    /**
     * {@code docs/01-strings.md#task-2-page-view-counters}: the anchor GitHub gives the chapter's "## Task 2: ..."
     * heading ({@code docs/zh-CN/...#任务-2...} for a Chinese reader). Without the chapter (or that heading) it is just
     * the file and the task.
     */
    static String section(Path moduleDir, String slug, int task) {
        if (chinese()) {
            Optional<String> translated = heading(moduleDir, "docs/zh-CN/" + slug + ".md", "任务\\s*", task);
            if (translated.isPresent()) {
                return translated.get();
            }
        }
        return heading(moduleDir, "docs/" + slug + ".md", "Task\\s+", task)
                .orElse("docs/" + slug + ".md, Task " + task);
    }

    private static Optional<String> heading(Path moduleDir, String file, String word, int task) {
        Path chapter = moduleDir.resolve("../../" + file).normalize();
        Pattern heading = Pattern.compile("##\\s+(" + word + task + "\\b.*)");
        try {
            for (String line : Files.readAllLines(chapter, StandardCharsets.UTF_8)) {
                var match = heading.matcher(line.strip());
                if (match.matches()) {
                    return Optional.of(file + "#" + anchor(match.group(1)));
                }
            }
        } catch (IOException e) {
            // No chapter yet: the caller falls back to the file name and task number.
        }
        return Optional.empty();
    }

    /**
     * GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. The grader
     * ({@code learn.redis.grader.Chapter#anchor}) applies the same rule to check the chapters' links.
     */
    static String anchor(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}\\p{M} _-]", "")
                .replace(' ', '-');
    }
}

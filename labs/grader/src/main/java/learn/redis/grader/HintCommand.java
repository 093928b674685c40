package learn.redis.grader;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ./mvnw -q -Phint -Dlab=01 -Dtask=2 [-Dlevel=2]}: one hint at a time, read from the lab's chapter. Without a
 * task it lists the tasks; without a level it shows the first hint. It keeps no state: the next level is asked for.
 */
final class HintCommand {

    private final Path root;
    private final PrintStream out;

    HintCommand(Path root, PrintStream out) {
        this.root = root;
        this.out = out;
    }

    void run(String labName, String taskText, String levelText) {
        if (labName.isBlank()) {
            throw new UsageException("Which lab? For example: ./mvnw -q -Phint -Dlab=01 -Dtask=1");
        }
        Lab lab = Lab.find(root, labName);
        Chapter chapter = chapter(lab);
        if (taskText.isBlank()) {
            out.println("Lab " + lab.slug() + ": which task? The tasks (" + lab.chapterPath() + "):");
            chapter.tasks().values().forEach(t -> out.println("  -Dtask=" + t.number() + "   " + t.title()
                    + " (" + t.hints().size() + " hints)"));
            return;
        }
        int number = parse(taskText, "task");
        Chapter.TaskSection task = chapter.tasks().get(number);
        if (task == null) {
            throw new UsageException(lab.chapterPath() + " has no \"## Task " + number + "\". Its tasks: "
                    + chapter.tasks().keySet());
        }
        int level = levelText.isBlank() ? 1 : parse(levelText, "level");
        boolean more = show(lab, task, level);
        if (more) {
            out.println("Still stuck? Next hint: ./mvnw -q -Phint -Dlab=" + lab.number() + " -Dtask=" + number
                    + " -Dlevel=" + (level + 1));
        }
        out.println("Run this lab's tests: ./mvnw test -pl labs/" + lab.slug() + "   or, re-run on every save:"
                + " ./mvnw -q -Pwatch -Dlab=" + lab.number());
    }

    /** The chapter's sections of a lab's tasks, or a message saying it has none yet. */
    Chapter chapter(Lab lab) {
        Path file = root.resolve(lab.chapterPath());
        if (!Files.isRegularFile(file)) {
            throw new UsageException(lab.slug() + " has no chapter yet (" + lab.chapterPath() + "), so no hints.");
        }
        return Chapter.read(file);
    }

    /** Prints hint {@code level} of {@code task}; true when the task has a further hint. */
    boolean show(Lab lab, Chapter.TaskSection task, int level) {
        Chapter.Hint hint = task.hints().stream().filter(h -> h.level() == level).findFirst()
                .orElseThrow(() -> new UsageException(task.title() + " has " + task.hints().size()
                        + " hints; there is no hint " + level + "."));
        out.println();
        out.println("Lab " + lab.slug() + ", " + task.title());
        out.println("Hint " + level + " of " + task.hints().size() + ": " + hint.title());
        out.println();
        // The chapter's snippet markers are for the docs check, not for the reader (they may name solutions/).
        out.println(hint.body().replaceAll("(?m)^\\s*<!--.*?-->\\s*\\R", ""));
        out.println();
        if (level >= task.hints().size()) {
            out.println("That was the last hint. The whole section: " + lab.chapterPath() + "#" + task.anchor());
        }
        return level < task.hints().size();
    }

    private static int parse(String text, String what) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("-D" + what + " must be a number, not \"" + text + "\"");
        }
    }
}

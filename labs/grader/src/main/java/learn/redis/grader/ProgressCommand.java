package learn.redis.grader;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./mvnw -q verify -Pprogress}: every lab and task with tests passed out of total, from the test run that
 * just happened (no state file), and the next thing to work on: the first task not yet done, its chapter section,
 * its first failing test and how to run just that lab.
 */
final class ProgressCommand {

    private final Path root;
    private final PrintStream out;

    ProgressCommand(Path root, PrintStream out) {
        this.root = root;
        this.out = out;
    }

    void run() {
        List<LabRun> runs = Lab.all(root).stream().map(LabRun::of).toList();
        out.println();
        out.println("Your progress, from the tests just run ([x] done, [~] started, [ ] to do):");
        Optional<Next> next = Optional.empty();
        for (LabRun run : runs) {
            out.println();
            String state = run.tasks().isEmpty() ? "  (no tests yet)"
                    : run.ran() ? "" : "  (no test results: does the lab compile? see the errors above)";
            out.printf("%s  %d/%d tests%s%n", run.lab().slug(), run.passed(), run.total(), state);
            for (TaskResult task : run.tasks()) {
                String mark = task.done() ? "[x]" : task.passed() > 0 ? "[~]" : "[ ]";
                out.printf("  %s %-70s %d/%d%n", mark, task.title(), task.passed(), task.tests().size());
                if (next.isEmpty() && !task.done()) {
                    next = Optional.of(new Next(run.lab(), task));
                }
            }
        }
        long passed = runs.stream().mapToLong(LabRun::passed).sum();
        long total = runs.stream().mapToLong(LabRun::total).sum();
        out.println();
        out.println("All labs: " + passed + "/" + total + " tests passed.");
        next.ifPresentOrElse(this::printNext, () -> out.println("Every task is done. Well done!"));
        warnAboutChangedTests();
    }

    private record Next(Lab lab, TaskResult task) {
    }

    private void printNext(Next next) {
        Lab lab = next.lab();
        TaskResult task = next.task();
        out.println();
        out.println("Next: lab " + lab.slug() + ", " + task.title());
        out.println("  read:      " + section(lab, task.task()));
        task.tests().stream().filter(t -> !t.passed()).findFirst().ifPresent(t -> {
            out.println("  failing:   " + t.name());
            if (!t.message().isBlank()) {
                out.println("             " + t.message());
            }
        });
        out.println("  run it:    ./mvnw test -pl labs/" + lab.slug() + "    (Windows: mvnw.cmd test -pl labs/"
                + lab.slug() + ")");
        out.println("  a hint:    ./mvnw -q -Phint -Dlab=" + lab.number() + " -Dtask=" + task.task());
    }

    private String section(Lab lab, int task) {
        Path chapter = root.resolve(lab.chapterPath());
        if (Files.isRegularFile(chapter)) {
            Chapter.TaskSection section = Chapter.read(chapter).tasks().get(task);
            if (section != null) {
                return lab.chapterPath() + "#" + section.anchor();
            }
        }
        return lab.chapterPath() + ", Task " + task;
    }

    /** A student who edited a test by accident learns it here, before the grader tells the instructor. */
    private void warnAboutChangedTests() {
        Path manifest = root.resolve(Manifest.FILE);
        if (!Files.isRegularFile(manifest)) {
            return;
        }
        List<Manifest.Change> changes = Manifest.compare(Manifest.read(manifest), root);
        if (!changes.isEmpty()) {
            out.println();
            out.println("Note: these test or support files differ from the course's, and a grade lists them:");
            changes.forEach(c -> out.println("  " + c.path() + " (" + c.kind() + ")"));
            out.println("  Restore one with: git checkout -- <file>");
        }
    }
}

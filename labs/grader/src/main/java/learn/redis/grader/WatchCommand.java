package learn.redis.grader;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.platform.engine.CancellationToken;

/**
 * {@code ./mvnw -q -Pwatch -Dlab=NN}: one JVM that keeps Redis and javac warm, and on every save recompiles the lab
 * and re-runs its tests in-process ({@link LabRunner}). Scripts and the chapters rely on its output:
 * <ul>
 *   <li>a line starting with {@code Watching} once it is ready;</li>
 *   <li>after every run exactly one line {@code Lab NN: P/T tests pass}, then per task "done" or its first failing
 *       test (display name, message, the line of the learner's code that threw);</li>
 *   <li>a compile error as javac's message with file and line, and the next save recovers;</li>
 *   <li>keys, each followed by Enter: {@code h} the next hint of the first unfinished task, {@code a} run again,
 *       {@code q} quit.</li>
 * </ul>
 * {@code -Dwatch.poll=true} polls for changes instead of using file events; it also switches to polling by itself
 * when a change is seen on disk that no file event reported (WSL on a Windows drive, network mounts).
 * {@code -Dwatch.timing=true} adds how long the compile and the tests took to each result.
 */
final class WatchCommand {

    private enum Signal { CHANGE, RUN_ALL, HINT, QUIT }

    private static final int MESSAGE_LINES = 6;

    private final Path root;
    private final PrintStream out;
    private final InputStream in;
    private final BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    private final Language language;
    private final Map<Integer, Integer> hintLevels = new HashMap<>();
    private volatile CancellationToken running = CancellationToken.disabled();
    private RunReport last;
    /** Whether the tests compiled against the current sources; a start on code that does not compile leaves them not. */
    private boolean testsCompiled;

    WatchCommand(Path root, PrintStream out, InputStream in, Language language) {
        this.root = root;
        this.out = out;
        this.in = in;
        this.language = language;
    }

    void run(String labName, boolean poll) {
        if (labName.isBlank()) {
            throw new UsageException("Which lab? For example: ./mvnw -q -Pwatch -Dlab=01");
        }
        Lab lab = Lab.find(root, labName);
        Path main = lab.dir().resolve("src/main/java");
        out.println("Lab " + lab.number() + ": compiling and running the tests (the first run also starts Redis)...");
        try (LabRunner runner = new LabRunner(root, lab, true);
                FileWatch files = new FileWatch(List.of(main, lab.dir().resolve("src/provided/java"),
                        lab.testSources()), poll, () -> signal(Signal.CHANGE), out)) {
            FileWatch.Snapshot handled = files.scan();
            build(runner, main, true);
            files.handled(handled);
            files.start();
            startKeys();
            out.println("Watching " + root.relativize(main).toString().replace('\\', '/') + (files.polling()
                    ? " (polling)" : "") + " for saves. Keys (then Enter): h a hint, a run again, q quit.");
            while (true) {
                Signal signal = signals.take();
                if (signal == Signal.QUIT) {
                    break;
                }
                if (signal == Signal.HINT) {
                    hint(lab);
                    continue;
                }
                if (signal == Signal.CHANGE) {
                    // An editor's save can be several writes: wait until the files are quiet.
                    while (signals.poll(60, TimeUnit.MILLISECONDS) == Signal.CHANGE) {
                        // keep draining
                    }
                }
                FileWatch.Snapshot now = files.scan();
                boolean testsChanged = signal == Signal.RUN_ALL || now.changedUnder(handled, lab.testSources());
                if (signal == Signal.CHANGE && now.equals(handled)) {
                    continue;
                }
                files.handled(now);
                handled = now;
                build(runner, main, testsChanged);
            }
            out.println("Stopping: Redis and its temp files go with this JVM.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void signal(Signal signal) {
        if (signal != Signal.HINT) {
            running.cancel(); // a run of files that changed since, or a quit, should not wait for the rest
        }
        signals.add(signal);
    }

    private void startKeys() {
        Thread keys = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    switch (line.strip().toLowerCase(Locale.ROOT)) {
                        case "q", "quit", "exit" -> signal(Signal.QUIT);
                        case "a" -> signal(Signal.RUN_ALL);
                        case "h" -> signal(Signal.HINT);
                        case "" -> {
                        }
                        default -> out.println("Keys (then Enter): h a hint, a run again, q quit.");
                    }
                }
            } catch (java.io.IOException e) {
                // No console (an IDE, a script): saves still trigger runs; Ctrl-C ends it.
            }
        }, "watch-keys");
        keys.setDaemon(true);
        keys.start();
    }

    /** Compiles (the tests too when they changed) and runs; prints the result or the compiler's errors. */
    private void build(LabRunner runner, Path main, boolean withTests) {
        Lab lab = runner.lab();
        long start = System.nanoTime();
        SourceCompiler.Result compiled = runner.compileMain(main);
        if (compiled.ok() && (withTests || !testsCompiled)) {
            compiled = runner.compileTests();
            testsCompiled = compiled.ok();
        }
        if (!compiled.ok()) {
            out.println();
            compiled.errors().forEach(out::println);
            out.println("Lab " + lab.number() + ": does not compile (" + compiled.errors().size()
                    + " error(s) above). Fix it and save again.");
            return;
        }
        CancellationToken token = CancellationToken.create();
        running = token;
        long compiledAt = System.nanoTime();
        RunReport report = runner.run(LabRunner.Selection.ALL, token);
        running = CancellationToken.disabled();
        if (token.isCancellationRequested()) {
            return; // files changed or quit during the run: its result is already stale
        }
        last = report;
        print(lab, report);
        if (Boolean.getBoolean("watch.timing")) { // -Dwatch.timing=true: where a save's time goes
            out.printf("  (compile %d ms, tests %d ms)%n", (compiledAt - start) / 1_000_000,
                    (System.nanoTime() - compiledAt) / 1_000_000);
        }
    }

    private void print(Lab lab, RunReport report) {
        out.println();
        out.println("Lab " + lab.number() + ": " + report.passed() + "/" + report.total() + " tests pass");
        for (RunReport.TaskOutcomes task : report.tasks()) {
            if (task.done()) {
                out.println("  " + task.title() + ": done");
                continue;
            }
            out.println("  " + task.title() + ": " + task.passed() + "/" + task.tests().size());
            task.firstFailure().ifPresent(test -> {
                out.println("    x " + test.displayName());
                List<String> lines = test.failure().lines().filter(l -> !l.isBlank()).toList();
                lines.stream().limit(MESSAGE_LINES).forEach(l -> out.println("      " + shorten(l.strip())));
                if (lines.size() > MESSAGE_LINES) {
                    out.println("      ...");
                }
                if (!test.studentLine().isEmpty()) {
                    out.println("      at " + test.studentLine());
                }
            });
        }
        if (report.passed() == report.total() && report.total() > 0) {
            out.println("  Every task of lab " + lab.number() + " is done. Well done!");
        }
    }

    private static String shorten(String line) {
        return line.length() <= 200 ? line : line.substring(0, 197) + "...";
    }

    /** The next hint of the first task not done (Task 1 before any result), one level further each time. */
    private void hint(Lab lab) {
        HintCommand hints = new HintCommand(root, out, language);
        try {
            Chapter chapter = hints.chapter(lab);
            int number = last == null ? 1 : last.tasks().stream().filter(t -> !t.done()).findFirst()
                    .map(RunReport.TaskOutcomes::task).orElse(-1);
            if (number < 0) {
                out.println(language.say("Every task is done: no hint needed.", "所有任务都已完成，不需要提示。"));
                return;
            }
            Chapter.TaskSection task = chapter.tasks().get(number);
            if (task == null || task.hints().isEmpty()) {
                out.println(language.chapterPath(lab) + language.say(" has no hints for Task " + number + ".",
                        " 没有任务 " + number + " 的提示。"));
                return;
            }
            int level = Math.min(hintLevels.merge(number, 1, Integer::sum), task.hints().size());
            if (hints.show(lab, task, level)) {
                out.println(language.say("Still stuck? h + Enter again for hint " + (level + 1) + ".",
                        "还是卡住了？再按 h 和回车看提示 " + (level + 1) + "。"));
            }
        } catch (UsageException e) {
            out.println(e.getMessage());
        }
    }
}

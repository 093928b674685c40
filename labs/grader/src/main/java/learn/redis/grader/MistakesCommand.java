package learn.redis.grader;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.platform.engine.CancellationToken;

/**
 * {@code ./mvnw -B -Pmistakes [-Dlab=NN]}: proves that each lab's tests reject its executable classic mistakes,
 * {@code solutions/NN-slug/mistakes/<name>/} (a {@code mistake.properties} with {@code title} and {@code expect},
 * and whole-file replacements under {@code src/main/java}; see labs/README.md). For each mistake: its {@code expect}
 * test fails, and no test of an earlier task does (the learner meets the mistake in the task where it belongs).
 *
 * <p>One JVM per lab, forked from here ({@code mistakes-lab}): it compiles and runs the solution first (every test
 * must pass), then each variant in turn with {@link LabRunner}, Redis kept warm; a variant runs only the tests of
 * the tasks up to the expected one. The table at the end lists every variant; any not rejected, malformed or not
 * compiling fails the build.
 */
final class MistakesCommand {

    static final String RESULTS = "target/redis-labs/mistakes.tsv";
    private static final Pattern EXPECT = Pattern.compile("([\\w.]+(?:\\$\\w+)*)#(\\w+)");
    private static final long LAB_TIMEOUT_MINUTES = 30;

    /** One row of the table: a variant (or the solution itself) and whether the tests did what they must. */
    record Row(String lab, String mistake, boolean ok, String expect, String verdict) {

        String line() {
            return String.join("\t", lab, mistake, Boolean.toString(ok), expect, verdict.replaceAll("\\s+", " "));
        }

        static Row parse(String line) {
            String[] f = line.split("\t", 5);
            return new Row(f[0], f[1], Boolean.parseBoolean(f[2]), f[3], f.length > 4 ? f[4] : "");
        }
    }

    private final Path root;
    private final PrintStream out;

    MistakesCommand(Path root, PrintStream out) {
        this.root = root;
        this.out = out;
    }

    /** The check over every lab (or one): a JVM per lab that has mistakes, then the table. */
    void checkAll(String labName) {
        List<Lab> labs = labName.isBlank() ? Lab.all(root) : List.of(Lab.find(root, labName));
        List<Row> rows = new ArrayList<>();
        for (Lab lab : labs) {
            if (variants(lab).isEmpty()) {
                out.println(lab.slug() + ": no executable mistakes yet (solutions/" + lab.slug() + "/mistakes/)");
                continue;
            }
            rows.addAll(fork(lab));
        }
        printTable(rows);
        long bad = rows.stream().filter(r -> !r.ok()).count();
        if (bad > 0) {
            throw new UsageException(bad + " of " + rows.size() + " checks failed (table above): each mistake's expect"
                    + " test must fail and no test of an earlier task may; see labs/README.md, 'Executable classic"
                    + " mistakes'.");
        }
        out.println("Every classic mistake is rejected by the test it names (" + rows.stream()
                .filter(r -> !r.mistake().equals("(solution)")).count() + " mistakes).");
    }

    private List<Row> fork(Lab lab) {
        Path results = lab.dir().resolve(RESULTS);
        try {
            Files.deleteIfExists(results);
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", graderClasspath()));
            System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("redis."))
                    .forEach(k -> command.add("-D" + k + "=" + System.getProperty(k)));
            command.addAll(List.of(Main.class.getName(), "mistakes-lab", "--root=" + root, "--lab=" + lab.slug()));
            out.println();
            out.println("==== " + lab.slug() + ": the solution and " + variants(lab).size() + " mistake(s), one JVM");
            Process process = new ProcessBuilder(command).inheritIO().start();
            if (!process.waitFor(LAB_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly().waitFor();
                return List.of(new Row(lab.slug(), "(all)", false, "", "timed out after " + LAB_TIMEOUT_MINUTES
                        + " minutes"));
            }
            if (!Files.isRegularFile(results)) {
                return List.of(new Row(lab.slug(), "(all)", false, "", "the lab's JVM ended (exit "
                        + process.exitValue() + ") without results; see its output above"));
            }
            return Files.readAllLines(results, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
                    .map(Row::parse).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking " + lab.slug(), e);
        }
    }

    /** This module's classes and its class path as Maven listed it (the same file the labs have). */
    private String graderClasspath() throws IOException {
        Path grader = root.resolve("labs/grader");
        String deps = Files.readString(grader.resolve(LabRunner.CLASSPATH_FILE), StandardCharsets.UTF_8).strip();
        return grader.resolve("target/classes") + File.pathSeparator + deps;
    }

    private void printTable(List<Row> rows) {
        out.println();
        out.println("Executable classic mistakes:");
        int lab = Math.max(3, rows.stream().mapToInt(r -> r.lab().length()).max().orElse(3));
        int name = Math.max(7, rows.stream().mapToInt(r -> r.mistake().length()).max().orElse(7));
        String format = "  %-" + lab + "s  %-" + name + "s  %-12s  %s%n";
        out.printf(format, "lab", "mistake", "result", "expect / why");
        for (Row r : rows) {
            out.printf(format, r.lab(), r.mistake(), r.ok() ? "ok" : "NOT OK", r.expect().isEmpty() ? r.verdict()
                    : r.expect() + (r.ok() ? "" : ": " + r.verdict()));
        }
    }

    /** The mistakes of one lab, in the forked JVM: writes {@link #RESULTS}. */
    void checkLab(String labName) {
        Lab lab = Lab.find(root, labName);
        Path solution = root.resolve("solutions").resolve(lab.slug()).resolve("src/main/java");
        List<Row> rows = new ArrayList<>();
        try (LabRunner runner = new LabRunner(root, lab, false)) {
            RunReport baseline = solutionRun(runner, solution, lab, rows);
            if (baseline != null) {
                for (Path variant : variants(lab)) {
                    long start = System.nanoTime();
                    Row row = check(runner, lab, solution, variant, baseline);
                    out.printf("  %-40s %s (%.1f s)%n", row.mistake(), row.ok() ? "rejected" : "NOT OK: "
                            + row.verdict(), (System.nanoTime() - start) / 1e9);
                    rows.add(row);
                }
            }
        }
        write(lab.dir().resolve(RESULTS), rows);
    }

    private RunReport solutionRun(LabRunner runner, Path solution, Lab lab, List<Row> rows) {
        SourceCompiler.Result main = runner.compileMain(solution);
        SourceCompiler.Result tests = main.ok() ? runner.compileTests() : main;
        if (!tests.ok()) {
            rows.add(new Row(lab.slug(), "(solution)", false, "", "does not compile: " + tests.errors().get(0)));
            return null;
        }
        RunReport report = runner.run(LabRunner.Selection.ALL, CancellationToken.disabled());
        List<RunReport.Outcome> failing = report.outcomes().stream().filter(o -> !o.passed()).toList();
        boolean ok = failing.isEmpty() && report.total() > 0;
        String verdict = ok ? "all " + report.total() + " tests pass" : report.total() == 0 ? "no tests ran"
                : failing.size() + " test(s) fail, e.g. " + failing.get(0).className() + "#" + failing.get(0).method()
                + ": " + firstLine(failing.get(0).failure());
        rows.add(new Row(lab.slug(), "(solution)", ok, "", verdict));
        out.println("  (solution)                               " + verdict);
        return ok ? report : null;
    }

    private Row check(LabRunner runner, Lab lab, Path solution, Path variant, RunReport baseline) {
        String name = variant.getFileName().toString();
        Properties properties = new Properties();
        Path file = variant.resolve("mistake.properties");
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            return new Row(lab.slug(), name, false, "", "no readable mistake.properties: " + e.getMessage());
        }
        String title = properties.getProperty("title", "").strip();
        String expect = properties.getProperty("expect", "").strip();
        if (expect.equals("?")) {
            return explore(runner, lab, solution, variant, name);
        }
        Matcher m = EXPECT.matcher(expect);
        if (title.isEmpty() || !m.matches()) {
            return new Row(lab.slug(), name, false, expect, "mistake.properties needs title=<the mistake> and"
                    + " expect=<test class, nested with $>#<test method>");
        }
        Optional<RunReport.Outcome> target = baseline.find(m.group(1), m.group(2));
        if (target.isEmpty()) {
            return new Row(lab.slug(), name, false, expect, "expect names no test of this lab");
        }
        Optional<String> badOverlay = overlayProblem(solution, variant.resolve("src/main/java"));
        if (badOverlay.isPresent()) {
            return new Row(lab.slug(), name, false, expect, badOverlay.get());
        }
        int task = target.get().task();
        Path sources = lab.dir().resolve("target/redis-labs/mistake-sources");
        overlay(solution, variant.resolve("src/main/java"), sources);
        SourceCompiler.Result compiled = runner.compileMain(sources);
        if (!compiled.ok()) {
            return new Row(lab.slug(), name, false, expect, "does not compile: " + firstLine(compiled.errors().get(0)));
        }
        RunReport report = runner.run((t, className, method) -> t < task
                || className.equals(m.group(1)) && method.equals(m.group(2)), CancellationToken.disabled());
        RunReport.Outcome expected = report.find(m.group(1), m.group(2)).orElseThrow();
        List<RunReport.Outcome> earlier = report.outcomes().stream().filter(o -> o.task() < task && !o.passed())
                .toList();
        if (expected.status() != RunReport.Status.FAILED) {
            return new Row(lab.slug(), name, false, expect, "the expect test " + expected.status().name()
                    .toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " (" + title + ")");
        }
        if (!earlier.isEmpty()) {
            RunReport.Outcome first = earlier.get(0);
            return new Row(lab.slug(), name, false, expect, "a test of an earlier task fails too: Task " + first.task()
                    + ", " + first.className() + "#" + first.method() + ": " + firstLine(first.failure()));
        }
        return new Row(lab.slug(), name, true, expect, "rejected: " + firstLine(expected.failure()));
    }

    /**
     * {@code expect=?}: a wrong version still being written. Runs every test and reports the first that fails (in task
     * order) with its message, or that every test passes; never counts as rejected.
     */
    private Row explore(LabRunner runner, Lab lab, Path solution, Path variant, String name) {
        Optional<String> badOverlay = overlayProblem(solution, variant.resolve("src/main/java"));
        if (badOverlay.isPresent()) {
            return new Row(lab.slug(), name, false, "?", badOverlay.get());
        }
        Path sources = lab.dir().resolve("target/redis-labs/mistake-sources");
        overlay(solution, variant.resolve("src/main/java"), sources);
        SourceCompiler.Result compiled = runner.compileMain(sources);
        if (!compiled.ok()) {
            return new Row(lab.slug(), name, false, "?", "does not compile: " + firstLine(compiled.errors().get(0)));
        }
        RunReport report = runner.run((t, className, method) -> true, CancellationToken.disabled());
        List<RunReport.Outcome> failed = report.outcomes().stream().filter(o -> !o.passed())
                .sorted(java.util.Comparator.comparingInt(RunReport.Outcome::task)).toList();
        if (failed.isEmpty()) {
            return new Row(lab.slug(), name, false, "?", "PASSES every test");
        }
        RunReport.Outcome first = failed.get(0);
        String message = first.failure().strip().replaceAll("\\s+", " ");
        return new Row(lab.slug(), name, false, first.className() + "#" + first.method(), failed.size()
                + " failing, first: " + message.substring(0, Math.min(message.length(), 300)));
    }

    /** Every overlay file must replace a file of the solution: a typo in a path would silently test the solution. */
    private static Optional<String> overlayProblem(Path solution, Path overlay) {
        if (!Files.isDirectory(overlay)) {
            return Optional.of("no src/main/java in the mistake's folder");
        }
        List<Path> files = SourceCompiler.javaFiles(overlay).toList();
        if (files.isEmpty()) {
            return Optional.of("src/main/java holds no .java file");
        }
        for (Path f : files) {
            Path relative = overlay.relativize(f);
            if (!Files.isRegularFile(solution.resolve(relative.toString()))) {
                return Optional.of(relative.toString().replace('\\', '/') + " is not a file of the solution");
            }
        }
        return Optional.empty();
    }

    private static void overlay(Path solution, Path overlay, Path target) {
        SourceCompiler.deleteTree(target);
        for (Path from : List.of(solution, overlay)) {
            SourceCompiler.javaFiles(from).forEach(f -> {
                Path to = target.resolve(from.relativize(f).toString());
                try {
                    Files.createDirectories(to.getParent());
                    Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private List<Path> variants(Lab lab) {
        Path dir = root.resolve("solutions").resolve(lab.slug()).resolve("mistakes");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() <= 160 ? line : line.substring(0, 157) + "...";
    }

    private static void write(Path file, List<Row> rows) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, rows.stream().map(Row::line).toList(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package learn.redis.grader;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The course's commands, run by Maven (see labs/grader/pom.xml and the root pom's grade, progress, hint, watch and
 * mistakes profiles): {@code grade}, {@code progress}, {@code hint}, {@code watch} (re-run a lab on every save),
 * {@code check-mistakes} (each lab's executable classic mistakes are rejected; {@code mistakes-lab} is its JVM per
 * lab), {@code manifest} (write labs/grader/canonical.sha256), {@code check-manifest}, {@code check-docs},
 * {@code fix-docs}. A failed check throws, which fails the build.
 *
 * <p>The module keeps the name labs/grader although it holds more than the grader: instructors' scripts and
 * documents name its paths (labs/grader/GradeClass.java, labs/grader/pom.xml).
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
        }
        String command = args.length == 0 ? "none" : args[0];
        Path root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
        Path submission = Path.of(options.getOrDefault("submission", root.toString())).toAbsolutePath().normalize();
        PrintStream out = System.out;
        try {
            run(command, root, submission, options, out);
        } catch (UsageException e) {
            out.println();
            out.println(e.getMessage());
            if (command.startsWith("check")) {
                throw e;
            }
        }
    }

    static void run(String command, Path root, Path submission, Map<String, String> options, PrintStream out) {
        switch (command) {
            case "none" -> {
            }
            case "grade" -> new GradeCommand(root, submission, out).run();
            case "progress" -> new ProgressCommand(root, out).run();
            case "hint" -> new HintCommand(root, out, language(options)).run(options.getOrDefault("lab", ""),
                    options.getOrDefault("task", ""), options.getOrDefault("level", ""));
            case "watch" -> new WatchCommand(root, out, System.in, language(options)).run(options.getOrDefault("lab", ""),
                    Boolean.parseBoolean(options.getOrDefault("poll", "false")));
            case "check-mistakes" -> new MistakesCommand(root, out).checkAll(options.getOrDefault("lab", ""));
            case "mistakes-lab" -> {
                int status = 1;
                try {
                    new MistakesCommand(root, out).checkLab(options.getOrDefault("lab", ""));
                    status = 0;
                } catch (RuntimeException e) {
                    e.printStackTrace(out);
                } finally {
                    out.flush();
                    System.exit(status); // this JVM is the check's own: client threads must not keep it alive
                }
            }
            case "manifest" -> {
                // The points first: the manifest hashes them too.
                GradeCommand.write(root.resolve(Manifest.POINTS_FILE), Manifest.renderPoints(root));
                var hashes = Manifest.scan(root);
                GradeCommand.write(root.resolve(Manifest.FILE), Manifest.render(hashes));
                out.println("Wrote " + Manifest.FILE + ": " + hashes.size() + " canonical files.");
            }
            case "check-manifest" -> checkManifest(root, out);
            case "check-docs", "fix-docs" -> checkDocs(root, command.equals("fix-docs"), out);
            default -> throw new UsageException("Unknown grader command \"" + command + "\": use grade, progress,"
                    + " hint, watch, check-mistakes, manifest, check-manifest, check-docs or fix-docs.");
        }
    }

    private static Language language(Map<String, String> options) {
        return Language.of(options.getOrDefault("lang", ""), System.getenv(Language.ENVIRONMENT));
    }

    private static void checkManifest(Path root, PrintStream out) {
        Path file = root.resolve(Manifest.FILE);
        if (!Files.isRegularFile(file)) {
            throw new UsageException(Manifest.FILE + " is missing. Make it and commit it:"
                    + " ./mvnw -q -f labs/grader/pom.xml verify -Dgrader.command=manifest");
        }
        String expected = Manifest.render(Manifest.scan(root));
        String actual;
        String points;
        try {
            actual = Files.readString(file).replace("\r\n", "\n");
            Path pointsFile = root.resolve(Manifest.POINTS_FILE);
            points = Files.isRegularFile(pointsFile) ? Files.readString(pointsFile).replace("\r\n", "\n") : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (!points.equals(Manifest.renderPoints(root))) {
            throw new UsageException(Manifest.POINTS_FILE + " does not match the tests' @Task points. Regenerate it"
                    + " with the manifest and commit both: ./mvnw -q -f labs/grader/pom.xml verify"
                    + " -Dgrader.command=manifest");
        }
        if (!expected.equals(actual)) {
            List<Manifest.Change> changes = Manifest.compare(Manifest.read(file), root);
            changes.forEach(c -> out.println("  " + c.path() + " (" + c.kind() + " since the manifest was made)"));
            throw new UsageException(Manifest.FILE + " is stale: tests or support changed without it. Regenerate it"
                    + " and commit it: ./mvnw -q -f labs/grader/pom.xml verify -Dgrader.command=manifest");
        }
        out.println(Manifest.FILE + " is up to date.");
    }

    private static void checkDocs(Path root, boolean fix, PrintStream out) {
        DocsCheck check = new DocsCheck(root);
        List<String> problems = check.run(fix);
        if (!check.stale().isEmpty()) {
            out.println("Translations to update (they follow an older English chapter; not a failure):");
            check.stale().forEach(s -> out.println("  " + s));
        }
        problems.forEach(p -> out.println("  " + p));
        if (!problems.isEmpty()) {
            throw new UsageException("The docs check found " + problems.size() + " problem(s), listed above.");
        }
        out.println("Docs: links, snippets, tasks and hints are consistent.");
    }
}

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Grades a whole class into one CSV, from the root of the course checked out at the release that grades it:
 *
 *   java labs/grader/GradeClass.java [--jobs N] [--labs 01-strings,02-hashes] repos.txt [grades.csv]
 *
 * repos.txt has one repository a line (a git URL, a local path, or owner/name for GitHub; # starts a comment). For
 * each, labs/grader/Overlay.java puts the student's starter code (labs/*\/src/main/java) into a copy of this
 * course, the course's tests grade it (./mvnw verify -Pgrade) and the student's own checkout is compared with the
 * course's manifest. --jobs N grades N repositories at once, each in its own work dir with its own Maven build and
 * Redis servers (the labs pick free ports); the default is half the machine's cores, at least 1, because each
 * build runs a test JVM and Redis next to Maven. --labs grades only those labs (the others count 0), for a quick
 * trial. Each build's output goes to target/class/<n>-<name>/build.log. Needs git and a JDK 17; runs on Linux,
 * macOS and Windows.
 */
public class GradeClass {

    private static final Pattern LAB = Pattern.compile(
            "\"(\\d\\d-[^\"]+)\"\\s*:\\s*\\{\\s*\"passed\"\\s*:\\s*\\d+\\s*,\\s*\"total\"\\s*:\\s*\\d+\\s*,\\s*"
            + "\"points\"\\s*:\\s*([0-9.]+)");
    private static final boolean WINDOWS = System.getProperty("os.name").toLowerCase().contains("win");
    private static final String USAGE =
            "usage: java labs/grader/GradeClass.java [--jobs N] [--labs 01-strings,...] repos.txt [grades.csv]";

    record Repo(int index, String line, String url, String name) {
    }

    public static void main(String[] args) throws Exception {
        int jobs = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        String labsOnly = "";
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--jobs" -> jobs = positive(i + 1 < args.length ? args[++i] : "");
                case "--labs" -> labsOnly = i + 1 < args.length ? args[++i] : "";
                default -> {
                    if (args[i].startsWith("--")) {
                        usage("Unknown option " + args[i] + ".");
                    }
                    files.add(args[i]);
                }
            }
        }
        if (files.isEmpty() || files.size() > 2) {
            usage("Name the list of repositories.");
        }
        Path course = Path.of("").toAbsolutePath();
        if (!Files.isRegularFile(course.resolve("labs/grader/Overlay.java"))) {
            usage("Run this from the root of the course (no labs/grader/Overlay.java in " + course + ").");
        }
        Path list = Path.of(files.get(0));
        if (!Files.isRegularFile(list)) {
            usage("There is no list of repositories at " + list.toAbsolutePath() + ".");
        }
        List<String> mavenLabs = new ArrayList<>();
        for (String lab : labsOnly.split(",")) {
            if (!lab.isBlank()) {
                if (!Files.isRegularFile(course.resolve("labs").resolve(lab.strip()).resolve("pom.xml"))) {
                    usage("There is no lab " + lab.strip() + " in labs/.");
                }
                mavenLabs.add("labs/" + lab.strip());
            }
        }
        Path work = course.resolve("target/class");
        Path csv = Path.of(files.size() > 1 ? files.get(1) : "grades.csv");
        List<Repo> repos = new ArrayList<>();
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            String repo = line.replaceAll("#.*", "").strip();
            if (!repo.isEmpty()) {
                boolean local = repo.contains(":") || repo.startsWith("/") || repo.startsWith(".")
                        || Files.isDirectory(Path.of(repo));
                String url = local ? repo : "https://github.com/" + repo + ".git";
                String name = url.replaceAll("[/\\\\]+$", "").replaceAll("\\.git$", "").replaceAll(".*[/:\\\\]", "");
                // The index keeps two students' repositories of the same name apart.
                repos.add(new Repo(repos.size() + 1, repo, url, String.format("%03d-%s", repos.size() + 1, name)));
            }
        }
        System.out.println("Grading " + repos.size() + " repositories, " + jobs + " at a time.");
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        List<Future<Map<String, String>>> grades = new ArrayList<>();
        for (Repo repo : repos) {
            grades.add(pool.submit(() -> {
                Map<String, String> grade = grade(course, work.resolve(repo.name()), repo, mavenLabs);
                System.out.println("== " + repo.line() + ": " + grade.getOrDefault("total_points", "?") + " / "
                        + grade.getOrDefault("max_points", "?") + " points" + (grade.containsKey("error")
                        ? ": " + grade.get("error") : ""));
                return grade;
            }));
        }
        pool.shutdown();
        List<Map<String, String>> results = new ArrayList<>();
        for (Future<Map<String, String>> grade : grades) {
            results.add(grade.get());
        }
        List<String> labs = results.stream().flatMap(g -> g.keySet().stream()).filter(k -> k.matches("\\d\\d-.+"))
                .distinct().sorted().toList();
        List<String> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("repository", "total_points", "max_points"));
        header.addAll(labs);
        header.addAll(List.of("tampered", "error"));
        rows.add(String.join(",", header));
        for (int i = 0; i < repos.size(); i++) {
            Map<String, String> grade = results.get(i);
            List<String> cells = new ArrayList<>(List.of(repos.get(i).line(), grade.getOrDefault("total_points", ""),
                    grade.getOrDefault("max_points", "")));
            labs.forEach(lab -> cells.add(grade.getOrDefault(lab, "")));
            cells.add(grade.getOrDefault("tampered", ""));
            cells.add(grade.getOrDefault("error", ""));
            rows.add(String.join(",", cells.stream().map(GradeClass::cell).toList()));
        }
        Files.write(csv, rows, StandardCharsets.UTF_8);
        System.out.println("Wrote " + csv.toAbsolutePath());
    }

    private static Map<String, String> grade(Path course, Path dir, Repo repo, List<String> mavenLabs)
            throws Exception {
        Map<String, String> grade = new LinkedHashMap<>();
        Path submission = dir.resolve("submission");
        Path graded = dir.resolve("graded");
        delete(dir);
        Files.createDirectories(dir);
        Path log = dir.resolve("build.log");
        if (run(dir, log, List.of("git", "clone", "--quiet", "--depth", "1", repo.url(), submission.toString())) != 0) {
            grade.put("error", "git clone failed (see " + log + ")");
            return grade;
        }
        Path overlayOut = dir.resolve("overlay.txt");
        if (run(dir, overlayOut, List.of(javaCommand(), course.resolve("labs/grader/Overlay.java").toString(),
                course.toString(), submission.toString(), graded.toString())) != 0) {
            grade.put("error", Files.readString(overlayOut).strip().replaceAll("\\s+", " "));
            return grade;
        }
        Matcher root = Pattern.compile("(?m)^submission=(.+)$").matcher(Files.readString(overlayOut));
        String studentRoot = root.find() ? root.group(1).strip() : submission.toString();
        List<String> mvn = new ArrayList<>(WINDOWS ? List.of("cmd", "/c", graded.resolve("mvnw.cmd").toString())
                : List.of(graded.resolve("mvnw").toString()));
        mvn.addAll(List.of("-B", "verify", "-Pgrade", "-Dgrader.submission=" + studentRoot));
        if (!mavenLabs.isEmpty()) {
            mvn.add("-pl");
            mvn.add(String.join(",", mavenLabs) + ",labs/grader");
        }
        run(graded, log, mvn);
        Path json = graded.resolve("target/grade.json");
        if (!Files.isRegularFile(json)) {
            grade.put("error", "no grade.json (see " + log + ")");
            return grade;
        }
        String text = Files.readString(json);
        Matcher lab = LAB.matcher(text);
        while (lab.find()) {
            grade.put(lab.group(1), lab.group(2));
        }
        grade.put("total_points", field(text, "total_points"));
        grade.put("max_points", field(text, "max_points"));
        Matcher tampered = Pattern.compile("\"tampered\"\\s*:\\s*\\[([^]]*)]").matcher(text);
        grade.put("tampered", tampered.find() ? tampered.group(1).replaceAll("[\"\\s]", "").replace(",", " ") : "");
        return grade;
    }

    /** The java that runs this program, so the overlay runs on the same JDK. */
    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", WINDOWS ? "java.exe" : "java").toString();
    }

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    p.toFile().setWritable(true);
                    Files.delete(p);
                }
            }
        }
    }

    /** Runs a command with its output appended to {@code log}: parallel builds must not interleave on the console. */
    private static int run(Path dir, Path log, List<String> command) throws Exception {
        Files.createDirectories(dir);
        File out = log.toFile();
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out)).start().waitFor();
    }

    private static int positive(String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        usage("--jobs takes a whole number of at least 1, not \"" + value + "\".");
        return 1;
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println(USAGE);
        System.exit(2);
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*([0-9.]+)").matcher(json);
        return m.find() ? m.group(1) : "";
    }

    private static String cell(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}

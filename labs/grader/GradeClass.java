import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Grades a whole class into one CSV, from the root of the course checked out at the release that grades it:
 *
 *   java labs/grader/GradeClass.java repos.txt [grades.csv]
 *
 * repos.txt has one repository a line (a git URL, or owner/name for GitHub; # starts a comment). For each, the
 * student's starter code (labs/*\/src/main/java) is put into a copy of this course, the course's tests grade it
 * (./mvnw verify -Pgrade) and the student's own checkout is compared with the course's manifest. Needs git and a
 * JDK; runs on Linux, macOS and Windows. Work files stay under target/class/.
 */
public class GradeClass {

    private static final Pattern LAB = Pattern.compile(
            "\"(\\d\\d-[^\"]+)\"\\s*:\\s*\\{\\s*\"passed\"\\s*:\\s*\\d+\\s*,\\s*\"total\"\\s*:\\s*\\d+\\s*,\\s*"
            + "\"points\"\\s*:\\s*([0-9.]+)");
    private static final boolean WINDOWS = System.getProperty("os.name").toLowerCase().contains("win");

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java labs/grader/GradeClass.java repos.txt [grades.csv]");
            System.exit(2);
        }
        Path course = Path.of("").toAbsolutePath();
        Path work = course.resolve("target/class");
        Path csv = Path.of(args.length > 1 ? args[1] : "grades.csv");
        List<String> rows = new ArrayList<>();
        List<String> labs = null;
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            String repo = line.replaceAll("#.*", "").strip();
            if (repo.isEmpty()) {
                continue;
            }
            String url = repo.contains(":") || repo.startsWith("/") ? repo : "https://github.com/" + repo + ".git";
            String name = url.replaceAll("\\.git$", "").replaceAll(".*[/:]", "");
            System.out.println("== " + repo);
            Map<String, String> grade = grade(course, work, url, name);
            if (labs == null) {
                labs = new ArrayList<>(grade.keySet().stream().filter(k -> k.matches("\\d\\d-.+")).toList());
            }
            List<String> cells = new ArrayList<>(List.of(repo, grade.getOrDefault("total_points", ""),
                    grade.getOrDefault("max_points", "")));
            labs.forEach(lab -> cells.add(grade.getOrDefault(lab, "")));
            cells.add(grade.getOrDefault("tampered", ""));
            cells.add(grade.getOrDefault("error", ""));
            rows.add(String.join(",", cells.stream().map(GradeClass::cell).toList()));
            System.out.println("   " + grade.getOrDefault("total_points", "?") + " / "
                    + grade.getOrDefault("max_points", "?") + " points" + (grade.containsKey("error")
                    ? ": " + grade.get("error") : ""));
        }
        List<String> header = new ArrayList<>(List.of("repository", "total_points", "max_points"));
        if (labs != null) {
            header.addAll(labs);
        }
        header.addAll(List.of("tampered", "error"));
        rows.add(0, String.join(",", header));
        Files.write(csv, rows, StandardCharsets.UTF_8);
        System.out.println("Wrote " + csv.toAbsolutePath());
    }

    private static Map<String, String> grade(Path course, Path work, String url, String name) throws Exception {
        Map<String, String> grade = new LinkedHashMap<>();
        Path submission = work.resolve("submissions").resolve(name);
        Path graded = work.resolve("graded").resolve(name);
        delete(submission);
        delete(graded);
        if (run(work, List.of("git", "clone", "--quiet", "--depth", "1", url, submission.toString())) != 0) {
            grade.put("error", "git clone failed");
            return grade;
        }
        copyCourse(course, graded);
        try (Stream<Path> labDirs = Files.list(graded.resolve("labs"))) {
            for (Path lab : labDirs.filter(d -> d.getFileName().toString().matches("\\d\\d-.+")).toList()) {
                Path starter = lab.resolve("src/main/java");
                delete(starter);
                Path theirs = submission.resolve("labs").resolve(lab.getFileName()).resolve("src/main/java");
                if (Files.isDirectory(theirs)) {
                    copy(theirs, starter);
                }
            }
        }
        List<String> mvn = new ArrayList<>(WINDOWS ? List.of("cmd", "/c", graded.resolve("mvnw.cmd").toString())
                : List.of(graded.resolve("mvnw").toString()));
        mvn.addAll(List.of("-B", "-q", "verify", "-Pgrade", "-Dgrader.submission=" + submission));
        run(graded, mvn);
        Path json = graded.resolve("target/grade.json");
        if (!Files.isRegularFile(json)) {
            grade.put("error", "no grade.json (see the build output above)");
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

    /** The course without build output, git data or the reference solutions. */
    private static void copyCourse(Path course, Path into) throws IOException {
        try (Stream<Path> walk = Files.walk(course)) {
            for (Path from : walk.toList()) {
                String rel = course.relativize(from).toString().replace('\\', '/');
                if (rel.matches("(.*/)?(target|\\.git)(/.*)?|solutions(/.*)?")) {
                    continue;
                }
                Path to = into.resolve(rel);
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path file : walk.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
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

    private static int run(Path dir, List<String> command) throws Exception {
        Files.createDirectories(dir);
        return new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start().waitFor();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*([0-9.]+)").matcher(json);
        return m.find() ? m.group(1) : "";
    }

    private static String cell(String value) {
        return value.contains(",") || value.contains("\"") ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}

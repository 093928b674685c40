package learn.redis.grader;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./mvnw -B verify -Pgrade}: after every lab's tests ran, writes {@code target/grade.json},
 * {@code target/grade.md} (for {@code $GITHUB_STEP_SUMMARY}) and the same grade for grading platforms (see
 * {@link PlatformResults}): {@code target/gradescope/results.json}, {@code target/grade-junit.xml} and
 * {@code target/classroom50-result.json}; then prints the table and a "Points x/y" line.
 */
final class GradeCommand {

    private static final String GRADESCOPE = "gradescope/results.json";
    private static final String JUNIT = "grade-junit.xml";
    private static final String CLASSROOM50 = "classroom50-result.json";

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path root;
    private final Path submission;
    private final PrintStream out;

    GradeCommand(Path root, Path submission, PrintStream out) {
        this.root = root;
        this.submission = submission;
        this.out = out;
    }

    void run() {
        Map<String, Integer> canonicalMax = Manifest.readPoints(root);
        List<LabRun> runs = Lab.all(root).stream().map(lab -> LabRun.of(lab, canonicalMax.get(lab.slug()))).toList();
        List<Manifest.Change> tampered = tampered();
        double points = Points.round(runs.stream().mapToDouble(LabRun::points).sum());
        int max = runs.stream().mapToInt(LabRun::max).sum();

        Path target = root.resolve("target");
        write(target.resolve("grade.json"), JSON.writeValueAsString(gradeJson(runs, tampered, points, max)));
        String markdown = markdown(runs, tampered, points, max);
        write(target.resolve("grade.md"), markdown);
        PlatformResults platforms = new PlatformResults(runs);
        write(target.resolve(GRADESCOPE), JSON.writeValueAsString(platforms.gradescope(points, max, tampered)));
        write(target.resolve(JUNIT), platforms.junit());
        write(target.resolve(CLASSROOM50), JSON.writeValueAsString(platforms.classroom50()));
        out.println();
        out.println(markdown);
        out.println("Points " + Points.format(points) + "/" + max);
        out.println("Written: target/grade.json, target/grade.md, target/" + GRADESCOPE + ", target/" + JUNIT
                + ", target/" + CLASSROOM50);
    }

    private List<Manifest.Change> tampered() {
        Path manifest = root.resolve(Manifest.FILE);
        if (!Files.isRegularFile(manifest)) {
            return List.of(new Manifest.Change(Manifest.FILE, "deleted"));
        }
        return Manifest.compare(Manifest.read(manifest), submission);
    }

    private static Map<String, Object> gradeJson(List<LabRun> runs, List<Manifest.Change> tampered, double points,
            int max) {
        Map<String, Object> labs = new LinkedHashMap<>();
        for (LabRun run : runs) {
            Map<String, Object> lab = new LinkedHashMap<>();
            lab.put("passed", run.passed());
            lab.put("total", run.total());
            lab.put("points", run.points());
            lab.put("max", run.max());
            lab.put("ran", run.ran());
            lab.put("tasks", run.tasks().stream().map(t -> {
                Map<String, Object> task = new LinkedHashMap<>();
                task.put("task", t.task());
                task.put("title", t.title());
                task.put("passed", t.passed());
                task.put("total", t.tests().size());
                task.put("points", t.earned());
                task.put("max", t.points());
                return task;
            }).toList());
            labs.put(run.lab().slug(), lab);
        }
        Map<String, Object> grade = new LinkedHashMap<>();
        grade.put("labs", labs);
        grade.put("total_points", points);
        grade.put("max_points", max);
        grade.put("tampered", tampered.stream().map(Manifest.Change::path).toList());
        grade.put("tampered_changes", tampered.stream().map(c -> Map.of("path", c.path(), "change", c.kind()))
                .toList());
        return grade;
    }

    private static String markdown(List<LabRun> runs, List<Manifest.Change> tampered, double points, int max) {
        StringBuilder md = new StringBuilder("## Redis labs grade: " + Points.format(points) + " / " + max
                + " points\n\n| Lab | Tests passed | Points |\n| --- | ---: | ---: |\n");
        for (LabRun run : runs) {
            String note = run.ran() ? "" : " (no test results: does the lab compile?)";
            md.append("| ").append(run.lab().slug()).append(note).append(" | ").append(run.passed()).append(" / ")
                    .append(run.total()).append(" | ").append(Points.format(run.points())).append(" / ")
                    .append(run.max()).append(" |\n");
        }
        md.append("| **Total** | ").append(runs.stream().mapToLong(LabRun::passed).sum()).append(" / ")
                .append(runs.stream().mapToLong(LabRun::total).sum()).append(" | **").append(Points.format(points))
                .append(" / ").append(max).append("** |\n\n");
        if (tampered.isEmpty()) {
            md.append("Tests and test support: unchanged (match ").append(Manifest.FILE).append(").\n");
        } else {
            md.append("**Tampered:** ").append(tampered.size()).append(" test or support file(s) differ from the"
                    + " canonical ones:\n\n");
            tampered.forEach(c -> md.append("- `").append(c.path()).append("`: ").append(c.kind()).append('\n'));
        }
        return md.toString();
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}

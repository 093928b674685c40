import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks target/grade.json after a grade run: java .ci/GradeCheck.java starter|solutions
 *   starter:   every lab is listed, total_points is 0 (no free points) and nothing is tampered;
 *   solutions: total_points equals max_points (the reference solutions earn everything) and nothing is tampered.
 * Reads the few numbers it needs with patterns, so it runs with a bare JDK.
 */
public class GradeCheck {

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !List.of("starter", "solutions").contains(args[0])) {
            System.err.println("usage: java .ci/GradeCheck.java starter|solutions");
            System.exit(2);
        }
        Path file = Path.of("target/grade.json");
        if (!Files.isRegularFile(file)) {
            System.out.println("No target/grade.json: run ./mvnw -B verify -Pgrade first.");
            System.exit(1);
        }
        String json = Files.readString(file);
        double points = number(json, "total_points");
        double max = number(json, "max_points");
        List<String> problems = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(Path.of("labs"))) {
            dirs.map(d -> d.getFileName().toString()).filter(n -> n.matches("\\d\\d-.+"))
                    .filter(n -> Files.isRegularFile(Path.of("labs", n, "pom.xml")))
                    .filter(n -> !json.contains("\"" + n + "\""))
                    .forEach(n -> problems.add("lab " + n + " is missing from grade.json"));
        }
        Matcher tampered = Pattern.compile("\"tampered\"\\s*:\\s*\\[([^]]*)]").matcher(json);
        if (!tampered.find()) {
            problems.add("grade.json has no \"tampered\" list");
        } else if (!tampered.group(1).isBlank()) {
            problems.add("files listed as tampered in a clean checkout (regenerate labs/grader/canonical.sha256?): "
                    + tampered.group(1).strip());
        }
        if (args[0].equals("starter") && points != 0) {
            problems.add("the unsolved starter earns " + points + " points; it must earn 0");
        }
        if (args[0].equals("solutions") && points != max) {
            problems.add("the reference solutions earn " + points + " of " + max + " points");
        }
        if (max <= 0) {
            problems.add("max_points is " + max + ": no lab declares @Task points");
        }
        System.out.println("grade (" + args[0] + "): " + points + " / " + max + " points");
        problems.forEach(p -> System.out.println("  - " + p));
        System.exit(problems.isEmpty() ? 0 : 1);
    }

    private static double number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(-?[0-9.]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("grade.json has no " + field);
        }
        return Double.parseDouble(m.group(1));
    }
}

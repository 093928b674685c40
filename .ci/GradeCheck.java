import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks the grade files after a grade run: java .ci/GradeCheck.java starter|solutions
 *   starter:   every lab is listed, total_points is 0 (no free points) and nothing is tampered;
 *   solutions: total_points equals max_points (the reference solutions earn everything) and nothing is tampered;
 *   both:      target/gradescope/results.json has one test per task, worth max_points in all, and the grade's
 *              score; target/classroom50-result.json likewise; target/grade-junit.xml counts every test method once,
 *              none passing on the starter, all passing on the solutions.
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
        platforms(json, args[0].equals("starter"), points, max, problems);
        System.out.println("grade (" + args[0] + "): " + points + " / " + max + " points");
        problems.forEach(p -> System.out.println("  - " + p));
        System.exit(problems.isEmpty() ? 0 : 1);
    }

    /** The Gradescope, Classroom 50 and JUnit files of the same run agree with grade.json. */
    private static void platforms(String grade, boolean starter, double points, double max, List<String> problems)
            throws Exception {
        long tasks = Pattern.compile("\"task\"\\s*:").matcher(grade).results().count();
        int tests = Pattern.compile("\"title\"\\s*:\\s*\"(?:[^\"\\\\]|\\\\.)*\"\\s*,\\s*\"passed\"\\s*:\\s*\\d+\\s*,\\s*"
                + "\"total\"\\s*:\\s*(\\d+)").matcher(grade).results().mapToInt(m -> Integer.parseInt(m.group(1))).sum();
        Path gradescope = Path.of("target/gradescope/results.json");
        Path classroom50 = Path.of("target/classroom50-result.json");
        Path junit = Path.of("target/grade-junit.xml");
        for (Path file : List.of(gradescope, classroom50, junit)) {
            if (!Files.isRegularFile(file)) {
                problems.add("the grade run wrote no " + file);
                return;
            }
        }
        String gs = Files.readString(gradescope);
        List<Double> maxScores = Pattern.compile("\"max_score\"\\s*:\\s*([0-9.]+)").matcher(gs).results()
                .map(m -> Double.parseDouble(m.group(1))).toList();
        if (maxScores.size() != tasks) {
            problems.add("gradescope/results.json has " + maxScores.size() + " tests for " + tasks + " tasks");
        }
        if (maxScores.stream().mapToDouble(Double::doubleValue).sum() != max) {
            problems.add("gradescope/results.json's max_score values add up to "
                    + maxScores.stream().mapToDouble(Double::doubleValue).sum() + ", not " + max);
        }
        if (number(gs, "score") != points) {
            problems.add("gradescope/results.json's score is " + number(gs, "score") + ", the grade " + points);
        }
        String c50 = Files.readString(classroom50);
        if (number(c50, "max-score") != max || (starter ? number(c50, "score") != 0 : number(c50, "score") != max)) {
            problems.add("classroom50-result.json scores " + number(c50, "score") + " of " + number(c50, "max-score"));
        }
        String xml = Files.readString(junit);
        Matcher suites = Pattern.compile("<testsuites [^>]*tests=\"(\\d+)\" failures=\"(\\d+)\" errors=\"(\\d+)\""
                + " skipped=\"(\\d+)\"").matcher(xml);
        if (!suites.find()) {
            problems.add("grade-junit.xml has no <testsuites> with counts");
            return;
        }
        int junitTests = Integer.parseInt(suites.group(1));
        int notPassed = Integer.parseInt(suites.group(2)) + Integer.parseInt(suites.group(3))
                + Integer.parseInt(suites.group(4));
        long cases = Pattern.compile("<testcase ").matcher(xml).results().count();
        if (junitTests != tests || cases != tests) {
            problems.add("grade-junit.xml counts " + junitTests + " tests in " + cases + " test cases; the grade has "
                    + tests);
        }
        if (starter ? notPassed != junitTests : notPassed != 0) {
            problems.add("grade-junit.xml: " + notPassed + " of " + junitTests + " tests did not pass");
        }
    }

    private static double number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(-?[0-9.]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + field + " in " + json.substring(0, Math.min(80, json.length())));
        }
        return Double.parseDouble(m.group(1));
    }
}

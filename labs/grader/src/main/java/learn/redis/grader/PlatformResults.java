package learn.redis.grader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The grade in the formats grading platforms read, all from the same task rows, so they cannot disagree:
 * Gradescope's {@code results.json}, the grading part of Classroom 50's {@code result.json}, and JUnit XML (GitLab's
 * {@code artifacts:reports:junit}, any CI dashboard). One row per task; a lab whose canonical max is more than its
 * tasks are worth (tests deleted from a tampered checkout) gets one more row worth the difference, scored 0.
 */
final class PlatformResults {

    /** One graded unit, a task of a lab: what every platform shows as one "test". */
    record Row(String name, double score, int max, boolean passed, String output) {
    }

    private final List<LabRun> runs;

    PlatformResults(List<LabRun> runs) {
        this.runs = runs;
    }

    List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (LabRun run : runs) {
            int declared = 0;
            for (TaskResult task : run.tasks()) {
                declared += task.points();
                rows.add(new Row(run.lab().slug() + " " + task.title(), task.earned(), task.points(), task.done(),
                        feedback(run.lab(), task)));
            }
            if (run.max() > declared) {
                rows.add(new Row(run.lab().slug() + " tests missing from this checkout", 0,
                        run.max() - declared, false, "The course's tests for " + run.lab().slug() + " are worth "
                        + run.max() + " points, but only " + declared + " points of tests are in this checkout:"
                        + " restore the deleted or disabled tests."));
            }
        }
        return rows;
    }

    /** What a learner needs to move on: how far the task got, the first failing test and the hint command. */
    static String feedback(Lab lab, TaskResult task) {
        int total = task.tests().size();
        if (task.done()) {
            return "All " + total + " tests passed.";
        }
        TaskResult.Test first = task.tests().stream().filter(t -> !t.passed()).findFirst().orElse(null);
        StringBuilder text = new StringBuilder().append(task.passed()).append('/').append(total)
                .append(" tests passed.");
        if (first != null) {
            text.append("\nFirst failing test: ").append(first.name())
                    .append("\n").append(first.message().isBlank() ? first.status() : first.message());
        }
        return text.append("\nHints: ./mvnw -q -Phint -Dlab=").append(lab.number()).append(" -Dtask=")
                .append(task.task()).toString();
    }

    /**
     * Gradescope's autograder results (the "Autograder Specifications" page of gradescope-autograders.readthedocs.io):
     * top-level {@code score}, {@code output}, and one {@code tests} entry per task with {@code name}, {@code score},
     * {@code max_score}, {@code status} and {@code output}. Every task is visible at once (the labs are practice;
     * the feedback is the point); the build log ({@code stdout}) is for the instructor only.
     */
    Map<String, Object> gradescope(double total, int max, List<Manifest.Change> tampered) {
        List<Map<String, Object>> tests = rows().stream().map(row -> {
            Map<String, Object> test = new LinkedHashMap<>();
            test.put("name", row.name());
            test.put("score", row.score());
            test.put("max_score", row.max());
            test.put("status", row.passed() ? "passed" : "failed");
            test.put("output", row.output());
            test.put("visibility", "visible");
            return test;
        }).toList();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("score", total);
        result.put("output", summary(total, max, tampered));
        result.put("visibility", "visible");
        result.put("stdout_visibility", "hidden");
        result.put("tests", tests);
        return result;
    }

    /**
     * The grading part of a Classroom 50 {@code result.json} (schema {@code classroom50/result/v1}, as its runner
     * validates it): integer {@code score} and {@code max-score}, and {@code tests} entries with {@code test-name},
     * {@code passed}, {@code score} and {@code max-score}. Scores must be whole numbers there, so a partly done task
     * counts its points rounded down. The identity fields (classroom, assignment, submission, links) come from the
     * runner's environment: grading/classroom50/autograder.py adds them.
     */
    Map<String, Object> classroom50() {
        List<Map<String, Object>> tests = rows().stream().map(row -> {
            Map<String, Object> test = new LinkedHashMap<>();
            test.put("test-name", row.name());
            test.put("passed", row.passed());
            test.put("score", wholePoints(row.score()));
            test.put("max-score", row.max());
            return test;
        }).toList();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("schema", "classroom50/result/v1");
        result.put("score", tests.stream().mapToInt(t -> (Integer) t.get("score")).sum());
        result.put("max-score", tests.stream().mapToInt(t -> (Integer) t.get("max-score")).sum());
        result.put("tests", tests);
        return result;
    }

    static int wholePoints(double points) {
        return (int) Math.floor(Points.round(points) + 1e-9);
    }

    /**
     * JUnit XML with one test case per test method as the labs' listener recorded it (a parameterized test once),
     * grouped in one suite per lab, so the counts are the grade's own: a failed or aborted test is a failure, a
     * skipped one is skipped, and a lab that did not compile reports its declared tests as errors.
     */
    String junit() {
        StringBuilder suites = new StringBuilder();
        int tests = 0;
        int failures = 0;
        int errors = 0;
        int skipped = 0;
        for (LabRun run : runs) {
            StringBuilder cases = new StringBuilder();
            int labTests = 0;
            int labFailures = 0;
            int labErrors = 0;
            int labSkipped = 0;
            for (TaskResult task : run.tasks()) {
                String classname = run.lab().slug() + "." + task.title();
                for (TaskResult.Test test : task.tests()) {
                    labTests++;
                    cases.append("    <testcase classname=\"").append(xml(classname)).append("\" name=\"")
                            .append(xml(test.name())).append("\" time=\"0\"");
                    switch (test.status()) {
                        case "PASSED" -> cases.append("/>\n");
                        case "SKIPPED" -> {
                            labSkipped++;
                            cases.append(">\n      <skipped message=\"").append(xml(test.message()))
                                    .append("\"/>\n    </testcase>\n");
                        }
                        case "NOT_RUN" -> {
                            labErrors++;
                            cases.append(">\n      <error type=\"NOT_RUN\" message=\"").append(xml(test.message()))
                                    .append("\"/>\n    </testcase>\n");
                        }
                        default -> {
                            labFailures++;
                            cases.append(">\n      <failure type=\"").append(xml(test.status()))
                                    .append("\" message=\"").append(xml(test.message())).append("\">")
                                    .append(xml(test.message() + "\nHints: ./mvnw -q -Phint -Dlab="
                                            + run.lab().number() + " -Dtask=" + task.task()))
                                    .append("</failure>\n    </testcase>\n");
                        }
                    }
                }
            }
            suites.append("  <testsuite name=\"").append(xml(run.lab().slug())).append("\" tests=\"")
                    .append(labTests).append("\" failures=\"").append(labFailures).append("\" errors=\"")
                    .append(labErrors).append("\" skipped=\"").append(labSkipped).append("\" time=\"0\">\n")
                    .append(cases).append("  </testsuite>\n");
            tests += labTests;
            failures += labFailures;
            errors += labErrors;
            skipped += labSkipped;
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"redis-labs grade\" tests=\"" + tests
                + "\" failures=\"" + failures + "\" errors=\"" + errors + "\" skipped=\"" + skipped + "\">\n"
                + suites + "</testsuites>\n";
    }

    private static String summary(double total, int max, List<Manifest.Change> tampered) {
        StringBuilder text = new StringBuilder("Redis labs: " + Points.format(total) + " / " + max + " points.");
        if (!tampered.isEmpty()) {
            text.append("\nTampered: ").append(tampered.size()).append(" test or support file(s) differ from the"
                    + " course's:");
            tampered.forEach(c -> text.append("\n- ").append(c.path()).append(": ").append(c.kind()));
        }
        return text.toString();
    }

    /** Escaped for an XML attribute or text; characters XML 1.0 cannot hold at all are dropped. */
    static String xml(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\n' -> out.append("&#10;");
                case '\t', '\r' -> out.append(' ');
                default -> {
                    if (c >= 0x20 && c != 0xFFFE && c != 0xFFFF) {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}

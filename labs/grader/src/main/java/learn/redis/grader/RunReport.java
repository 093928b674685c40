package learn.redis.grader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What one in-process run of a lab's tests found, test method by test method, grouped by task in plan order. */
record RunReport(List<Outcome> outcomes) {

    /**
     * One test method as written in the source (a parameterized test counts once, as in the grade).
     *
     * @param failure     the first line(s) of what went wrong, empty when it passed
     * @param studentLine where in the learner's own code it was thrown ({@code labs/.../X.java:12}), or empty
     */
    record Outcome(int task, String taskTitle, String className, String method, String displayName, Status status,
            String failure, String studentLine) {

        boolean passed() {
            return status == Status.PASSED;
        }
    }

    enum Status { PASSED, FAILED, SKIPPED, NOT_RUN }

    /** The outcomes of one task, and its title. */
    record TaskOutcomes(int task, String title, List<Outcome> tests) {

        long passed() {
            return tests.stream().filter(Outcome::passed).count();
        }

        boolean done() {
            return passed() == tests.size();
        }

        Optional<Outcome> firstFailure() {
            return tests.stream().filter(t -> !t.passed()).findFirst();
        }
    }

    long passed() {
        return outcomes.stream().filter(Outcome::passed).count();
    }

    int total() {
        return outcomes.size();
    }

    List<TaskOutcomes> tasks() {
        Map<Integer, List<Outcome>> byTask = new LinkedHashMap<>();
        outcomes.forEach(o -> byTask.computeIfAbsent(o.task(), t -> new ArrayList<>()).add(o));
        return byTask.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new TaskOutcomes(e.getKey(), e.getValue().get(0).taskTitle(), List.copyOf(e.getValue())))
                .toList();
    }

    Optional<Outcome> find(String className, String method) {
        return outcomes.stream().filter(o -> o.className().equals(className) && o.method().equals(method)).findFirst();
    }
}

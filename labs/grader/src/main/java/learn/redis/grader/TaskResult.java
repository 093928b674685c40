package learn.redis.grader;

import java.util.List;

/** How one task of a lab did in the last test run: written per lab by the support's TaskResultsListener. */
record TaskResult(int task, String title, int points, List<Test> tests) {

    /** One test method; a parameterized test counts once. */
    record Test(String name, String status, String message) {

        boolean passed() {
            return "PASSED".equals(status);
        }
    }

    long passed() {
        return tests.stream().filter(Test::passed).count();
    }

    boolean done() {
        return !tests.isEmpty() && passed() == tests.size();
    }

    /** Each test earns an equal share of the task's points (see {@code @Task}). */
    double earned() {
        return tests.isEmpty() ? 0 : Points.round(points * (double) passed() / tests.size());
    }
}

package learn.redis.grader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure parts of the in-process runner behind watch mode and the mistakes check. */
class InProcessRunnerTest {

    @TempDir
    Path root;

    @Test
    @DisplayName("the runner takes Surefire's JUnit parameters from the root pom, comments left out")
    void readsSurefireParametersFromThePom() throws IOException {
        Files.writeString(root.resolve("pom.xml"), """
                <project><build><plugins><plugin><configuration><properties>
                  <configurationParameters>
                    <!-- a comment = not a parameter -->
                    junit.jupiter.execution.timeout.default = 20 s
                    junit.jupiter.testclass.order.default = org.junit.jupiter.api.ClassOrderer$DisplayName
                  </configurationParameters>
                </properties></configuration></plugin></plugins></build></project>
                """);

        assertThat(LabRunner.surefireParameters(root)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "junit.jupiter.execution.timeout.default", "20 s",
                "junit.jupiter.testclass.order.default", "org.junit.jupiter.api.ClassOrderer$DisplayName"));
    }

    @Test
    @DisplayName("the project's own root pom gives the runner a timeout and the SEPARATE_THREAD mode")
    void realPomHasTheTimeouts() {
        Map<String, String> parameters = LabRunner.surefireParameters(Path.of("../.."));

        assertThat(parameters).containsEntry("junit.jupiter.execution.timeout.thread.mode.default", "SEPARATE_THREAD")
                .containsKey("junit.jupiter.execution.timeout.default");
    }

    @Test
    @DisplayName("a failure shows the assertion text without the chapter pointer, an exception with its type")
    void describesFailures() {
        AssertionError assertion = new AssertionError("[expected one SET] \nExpecting 2 to be 1"
                + "\n-> Task 1, docs/01-strings.md#task-1 (hints: ./mvnw -q -Phint -Dlab=01 -Dtask=1)");

        assertThat(LabRunner.describe(assertion)).isEqualTo("[expected one SET] \nExpecting 2 to be 1");
        assertThat(LabRunner.describe(new UnsupportedOperationException("TODO Task 2: implement it")))
                .isEqualTo("UnsupportedOperationException: TODO Task 2: implement it");
    }

    @Test
    @DisplayName("a test source that changed is told apart from a main source that changed")
    void snapshotsTellWhereAChangeIs() {
        Path tests = Path.of("lab/src/test/java");
        FileWatch.Snapshot before = new FileWatch.Snapshot(Map.of(
                Path.of("lab/src/main/java/A.java"), List.of(10L, 1L), tests.resolve("ATest.java"), List.of(5L, 1L)));
        FileWatch.Snapshot mainChanged = new FileWatch.Snapshot(Map.of(
                Path.of("lab/src/main/java/A.java"), List.of(11L, 2L), tests.resolve("ATest.java"), List.of(5L, 1L)));
        FileWatch.Snapshot testChanged = new FileWatch.Snapshot(Map.of(
                Path.of("lab/src/main/java/A.java"), List.of(10L, 1L), tests.resolve("ATest.java"), List.of(6L, 2L)));

        assertThat(mainChanged.changedUnder(before, tests)).isFalse();
        assertThat(testChanged.changedUnder(before, tests)).isTrue();
        assertThat(mainChanged).isNotEqualTo(before);
    }

    @Test
    @DisplayName("a row of the mistakes table survives the trip through the lab JVM's results file")
    void mistakeRowsRoundTrip() {
        MistakesCommand.Row row = new MistakesCommand.Row("01-strings", "put-twice", false,
                "learn.redis.strings.StringsTest$Task1_Expiry#putIsOneCommand", "the expect test passed\n(x)");

        assertThat(MistakesCommand.Row.parse(row.line())).isEqualTo(new MistakesCommand.Row("01-strings",
                "put-twice", false, row.expect(), "the expect test passed (x)"));
    }
}

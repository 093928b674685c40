package learn.redis.grader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grader's own checks, on a miniature course made in a temp dir. */
class GraderTest {

    @TempDir
    Path root;

    private void write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private void miniCourse() throws IOException {
        write("labs/01-demo/pom.xml", "<project/>\n");
        write("labs/01-demo/src/main/java/learn/redis/demo/Demo.java", "class Demo {\n    // tag::body[]\n"
                + "    int answer() {\n        return 42;\n    }\n    // end::body[]\n}\n");
        write("labs/01-demo/src/test/java/learn/redis/demo/DemoTest.java", """
                class DemoTest {
                    @Nested @Task(1) @DisplayName("Task 1: the answer")
                    class Task1 { @Test void a() {} @ParameterizedTest void b(int x) {} }
                    @Nested @Task(value = 2, points = 5) @DisplayName("Task 2: more")
                    class Task2 { @Test void c() {} }
                }
                """);
        write("docs/01-demo.md", """
                # Lab 01: demo

                See [task 2](#task-2-more) and [the code](../labs/01-demo/pom.xml).

                ## Task 1: the answer

                <!-- snippet: labs/01-demo/src/main/java/learn/redis/demo/Demo.java#body -->
                ```java
                int answer() {
                    return 42;
                }
                ```

                <details><summary>Hint 1: a nudge</summary>

                Think.

                </details>
                <details><summary>Hint 2: the commands</summary>

                `GET`

                </details>
                <details><summary>Hint 3: almost</summary>

                Return 42.

                </details>

                ## Task 2: more

                <details><summary>Hint 1: a</summary>
                x
                </details>
                <details><summary>Hint 2: b</summary>
                y
                </details>
                <details><summary>Hint 3: c</summary>
                z
                </details>
                """);
        write("docs/zh-CN/01-demo.md", "<!-- translation of docs/01-demo.md @ git blob "
                + TranslationCheck.blob(root.resolve("docs/01-demo.md")) + " -->\n" + """
                # 实验 01：演示

                参见[任务 2](#任务-2更多)和[代码](../../labs/01-demo/pom.xml)。

                ## 任务 1：答案

                <!-- snippet: labs/01-demo/src/main/java/learn/redis/demo/Demo.java#body -->
                ```java
                int answer() {
                    return 42;
                }
                ```

                <details><summary>提示 1：轻轻一推</summary>

                想一想这个方法应该返回什么数字，以及为什么这个演示实验只需要一行代码就能完成。

                </details>
                <details><summary>提示 2：命令</summary>

                `GET`

                </details>
                <details><summary>提示 3：几乎就是答案</summary>

                返回 42。

                </details>

                ## 任务 2：更多

                <details><summary>提示 1：甲</summary>
                第一条
                </details>
                <details><summary>提示 2：乙</summary>
                第二条
                </details>
                <details><summary>提示 3：丙</summary>
                第三条
                </details>
                """);
    }

    @Test
    @DisplayName("anchors are GitHub's: lower case, punctuation dropped, spaces to hyphens")
    void anchors() {
        assertThat(Chapter.anchor("Task 2: page views, `INCR` & friends"))
                .as("anchor of a task heading").isEqualTo("task-2-page-views-incr--friends");
    }

    @Test
    @DisplayName("tasks, their points and test methods are read from the test sources when no run left results")
    void declaredTasks() throws IOException {
        miniCourse();
        List<TaskResult> tasks = LabRun.of(Lab.find(root, "1")).tasks();

        assertThat(tasks).extracting(TaskResult::task).as("task numbers").containsExactly(1, 2);
        assertThat(tasks).extracting(TaskResult::points).as("points, 10 by default").containsExactly(10, 5);
        assertThat(tasks.get(0).tests()).as("test methods of task 1, a parameterized one counting once").hasSize(2);
        assertThat(tasks.get(0).earned()).as("nothing ran, nothing earned").isZero();
    }

    @Test
    @DisplayName("hints are read from the chapter one level at a time")
    void hints() throws IOException {
        miniCourse();
        Chapter chapter = Chapter.read(root.resolve("docs/01-demo.md"));

        assertThat(chapter.tasks()).as("task sections").containsOnlyKeys(1, 2);
        assertThat(chapter.tasks().get(1).hints()).extracting(Chapter.Hint::level).containsExactly(1, 2, 3);
        assertThat(chapter.tasks().get(1).hints().get(2).body()).as("hint 3 of task 1").isEqualTo("Return 42.");
    }

    @Test
    @DisplayName("a consistent chapter passes the docs check; a stale snippet or a broken link does not")
    void docsCheck() throws IOException {
        miniCourse();
        assertThat(new DocsCheck(root).run(false)).as("problems in a consistent mini course").isEmpty();

        write("labs/01-demo/src/main/java/learn/redis/demo/Demo.java", "class Demo {\n    // tag::body[]\n"
                + "    int answer() {\n        return 43;\n    }\n    // end::body[]\n}\n");
        String page = Files.readString(root.resolve("docs/01-demo.md"));
        Files.writeString(root.resolve("docs/01-demo.md"), page.replace("#task-2-more", "#task-9"));

        assertThat(new DocsCheck(root).run(false)).as("problems after changing the code and breaking a link")
                .anySatisfy(p -> assertThat(p).contains("differs from"))
                .anySatisfy(p -> assertThat(p).contains("missing section"));
        new DocsCheck(root).run(true);
        assertThat(Files.readString(root.resolve("docs/01-demo.md"))).as("the snippet after fix-docs")
                .contains("    return 43;");
    }

    @Test
    @DisplayName("a translation must keep the English code blocks, sections and hints; an older one is listed as stale")
    void translations() throws IOException {
        miniCourse();
        Path zh = root.resolve("docs/zh-CN/01-demo.md");
        String translation = Files.readString(zh);

        Files.writeString(zh, translation.replace("return 42;", "return 41;").replace("<details><summary>提示 3：丙"
                + "</summary>\n第三条\n</details>\n", ""));
        assertThat(new DocsCheck(root).run(false)).as("problems of a translation with an edited code block and a"
                + " hint less").anySatisfy(p -> assertThat(p).contains("code block 1 differs"))
                .anySatisfy(p -> assertThat(p).contains("<details> blocks"))
                .anySatisfy(p -> assertThat(p).contains("hint levels"));

        Files.writeString(zh, translation);
        write("labs/01-demo/src/main/java/learn/redis/demo/Demo.java", "class Demo {\n    // tag::body[]\n"
                + "    int answer() {\n        return 43;\n    }\n    // end::body[]\n}\n");
        DocsCheck fixed = new DocsCheck(root);
        assertThat(fixed.run(true)).as("problems after fix-docs rewrote the English snippet and the translation's copy")
                .isEmpty();
        assertThat(Files.readString(zh)).as("the translation's code after fix-docs").contains("    return 43;")
                .contains("返回 42。");
        assertThat(fixed.stale()).as("stale translations once the English changed").singleElement()
                .satisfies(s -> assertThat(s).contains("docs/zh-CN/01-demo.md").contains("git diff"));

        Files.delete(zh);
        assertThat(new DocsCheck(root).run(false)).as("problems without the translation")
                .anySatisfy(p -> assertThat(p).startsWith("docs/zh-CN/01-demo.md: missing"));
    }

    @Test
    @DisplayName("-Dlang=zh-CN (or REDIS_LABS_LANG) prints the Chinese chapter's hint")
    void chineseHint() throws IOException {
        miniCourse();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new HintCommand(root, new PrintStream(bytes, true, StandardCharsets.UTF_8), Language.of("", "zh-CN"))
                .run("01", "1", "3");

        assertThat(bytes.toString(StandardCharsets.UTF_8)).as("the hint printed")
                .contains("提示 3/3：几乎就是答案").contains("返回 42。").doesNotContain("Return 42.");
        assertThat(Language.of("en", "zh-CN")).as("-Dlang beats the environment").isEqualTo(Language.ENGLISH);
        assertThat(Language.of("", null)).as("neither set").isEqualTo(Language.ENGLISH);
        assertThatThrownBy(() -> Language.of("fr", null)).hasMessageContaining("use en or zh-CN");
    }

    @Test
    @DisplayName("deleting a lab's tests does not shrink what the grade is out of")
    void canonicalMax() throws IOException {
        miniCourse();
        write(Manifest.POINTS_FILE, Manifest.renderPoints(root));
        assertThat(Manifest.readPoints(root)).containsEntry("01-demo", 15);

        Files.delete(root.resolve("labs/01-demo/src/test/java/learn/redis/demo/DemoTest.java"));
        Lab lab = Lab.all(root).get(0);

        assertThat(LabRun.of(lab).max()).as("max from what is left of the tests").isZero();
        assertThat(LabRun.of(lab, Manifest.readPoints(root).get("01-demo")).max()).as("max from the course")
                .isEqualTo(15);
    }

    @Test
    @DisplayName("the manifest finds changed, deleted and added test files, and starter classes that shadow support")
    void tampering() throws IOException {
        miniCourse();
        var canonical = Manifest.scan(root);
        assertThat(Manifest.compare(canonical, root)).as("changes in the untouched course").isEmpty();

        Path test = root.resolve("labs/01-demo/src/test/java/learn/redis/demo/DemoTest.java");
        Files.writeString(test, Files.readString(test).replace("class Task2", "@Disabled class Task2"));
        write("labs/01-demo/src/test/java/learn/redis/demo/MyTest.java", "class MyTest {}");
        write("labs/01-demo/src/main/java/org/assertj/core/api/Assertions.java", "class Assertions {}");
        Files.writeString(root.resolve("labs/01-demo/pom.xml"), "<project/>\r\n"); // a Windows checkout: no change

        assertThat(Manifest.compare(canonical, root)).extracting(Manifest.Change::kind)
                .as("what a student changed").containsExactly("shadows a support or library class", "changed",
                        "added");
    }

    @Test
    @DisplayName("a template without the Actions workflow is not tampered; a changed workflow is")
    void optionalWorkflow() throws IOException {
        miniCourse();
        write(Manifest.WORKFLOW, "name: Grade\n");
        var canonical = Manifest.scan(root);

        Files.delete(root.resolve(Manifest.WORKFLOW));
        assertThat(Manifest.compare(canonical, root)).as("changes of a template for GitLab or Gradescope").isEmpty();

        write(Manifest.WORKFLOW, "name: Grade\non: push\n");
        assertThat(Manifest.compare(canonical, root)).extracting(Manifest.Change::kind).containsExactly("changed");
    }

    @Test
    @DisplayName("Gradescope, Classroom 50 and JUnit get one row per task, the first failure and the hint command")
    void platformResults() throws IOException {
        miniCourse();
        write("labs/01-demo/target/redis-labs/results.json", """
                {"lab": "01-demo", "tasks": [
                  {"task": 1, "title": "Task 1: the answer", "points": 10, "tests": [
                    {"name": "returns 42", "status": "PASSED", "message": ""},
                    {"name": "uses <GET> & \\"SET\\"", "status": "FAILED", "message": "AssertionError: 43 < 42"},
                    {"name": "is skipped", "status": "SKIPPED", "message": "disabled"}]},
                  {"task": 2, "title": "Task 2: more", "points": 5, "tests": [
                    {"name": "c", "status": "PASSED", "message": ""}]}
                ]}
                """);
        LabRun run = LabRun.of(Lab.find(root, "1"), 20);
        PlatformResults results = new PlatformResults(List.of(run));

        List<PlatformResults.Row> rows = results.rows();
        assertThat(rows).extracting(PlatformResults.Row::name).as("one row per task, then the points tests lost")
                .containsExactly("01-demo Task 1: the answer", "01-demo Task 2: more",
                        "01-demo tests missing from this checkout");
        assertThat(rows).extracting(PlatformResults.Row::max).containsExactly(10, 5, 5);
        assertThat(rows.get(0).output()).as("feedback of a task half done")
                .contains("1/3 tests passed", "First failing test: uses <GET>", "AssertionError: 43 < 42",
                        "./mvnw -q -Phint -Dlab=01 -Dtask=1");
        assertThat(rows.get(1).output()).isEqualTo("All 1 tests passed.");

        var gradescope = results.gradescope(run.points(), run.max(), List.of(new Manifest.Change("x", "changed")));
        assertThat(gradescope.get("score")).as("Gradescope's score").isEqualTo(8.33);
        assertThat((String) gradescope.get("output")).contains("Tampered", "x: changed");

        var classroom50 = results.classroom50();
        assertThat(classroom50).containsEntry("score", 3 + 5).containsEntry("max-score", 20);

        String junit = results.junit();
        assertThat(junit).as("JUnit XML").contains("tests=\"4\" failures=\"1\" errors=\"0\" skipped=\"1\"",
                "name=\"uses &lt;GET&gt; &amp; &quot;SET&quot;\"");
        assertThat(PlatformResults.xml("a\u0001b\nc")).as("a control character dropped, a line break kept")
                .isEqualTo("ab&#10;c");
    }
}

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Reads the Surefire reports of every lab and checks one of the two promises of the course:
 *
 *   java .ci/SurefireCheck.java starter    no test passes on an unsolved starter (a pass is a free point),
 *                                          and every lab that has tests ran them
 *   java .ci/SurefireCheck.java solutions  every test passes on the reference solutions, none skipped
 *
 * Prints one line per lab and a closing "N passed, N failed" line; exits 1 when the promise is broken.
 */
public class SurefireCheck {

    record Outcome(int passed, int failed, int skipped, List<String> offenders) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 || !List.of("starter", "solutions").contains(args[0])) {
            System.err.println("usage: java .ci/SurefireCheck.java starter|solutions");
            System.exit(2);
        }
        boolean starter = args[0].equals("starter");
        Map<String, Outcome> labs = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(Path.of("labs"))) {
            for (Path lab : (Iterable<Path>) dirs.filter(d -> d.getFileName().toString().matches("\\d\\d-.*"))
                    .sorted()::iterator) {
                if (Files.isDirectory(lab.resolve("src/test/java"))) {
                    labs.put(lab.getFileName().toString(), read(lab.resolve("target/surefire-reports"), starter));
                }
            }
        }
        List<String> problems = new ArrayList<>();
        int passed = 0;
        int failed = 0;
        for (var entry : labs.entrySet()) {
            Outcome o = entry.getValue();
            passed += o.passed();
            failed += o.failed();
            int total = o.passed() + o.failed() + o.skipped();
            System.out.printf("%-36s %3d tests: %3d passed, %3d failed, %3d skipped%n", entry.getKey(), total,
                    o.passed(), o.failed(), o.skipped());
            if (total == 0) {
                problems.add(entry.getKey() + " has tests but ran none");
            }
            o.offenders().forEach(t -> problems.add(entry.getKey() + ": " + t));
        }
        System.out.println();
        if (!problems.isEmpty()) {
            System.out.println(starter ? "Tests that PASS on the unsolved starter (free points: make them call the"
                    + " student's code and fail on UnsupportedOperationException):" : "Tests that do not pass on the"
                    + " reference solutions:");
            problems.forEach(p -> System.out.println("  - " + p));
        }
        System.out.println(args[0] + ": " + passed + " passed, " + failed + " failed");
        System.exit(problems.isEmpty() ? 0 : 1);
    }

    private static Outcome read(Path reports, boolean starter) throws Exception {
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        List<String> offenders = new ArrayList<>();
        if (!Files.isDirectory(reports)) {
            return new Outcome(0, 0, 0, offenders);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(reports)) {
            files = list.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml")).toList();
        }
        var builder = DocumentBuilderFactory.newInstance().newDocumentBuilder();
        for (Path file : files) {
            NodeList cases = builder.parse(file.toFile()).getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element testcase = (Element) cases.item(i);
                String name = testcase.getAttribute("classname") + "." + testcase.getAttribute("name");
                boolean fail = has(testcase, "failure") || has(testcase, "error");
                boolean skip = has(testcase, "skipped");
                if (fail) {
                    failed++;
                    if (!starter) {
                        offenders.add(name + " failed");
                    }
                } else if (skip) {
                    skipped++;
                    if (!starter) {
                        offenders.add(name + " was skipped");
                    }
                } else {
                    passed++;
                    if (starter) {
                        offenders.add(name + " passed");
                    }
                }
            }
        }
        return new Outcome(passed, failed, skipped, offenders);
    }

    private static boolean has(Element testcase, String child) {
        return testcase.getElementsByTagName(child).getLength() > 0;
    }
}

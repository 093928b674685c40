package learn.redis.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** One lab: a {@code labs/NN-slug} module. New labs are found by their folder, never listed anywhere. */
record Lab(String slug, Path dir) {

    static List<Lab> all(Path root) {
        try (Stream<Path> dirs = Files.list(root.resolve("labs"))) {
            return dirs.filter(d -> d.getFileName().toString().matches("\\d\\d-.+"))
                    .filter(d -> Files.isRegularFile(d.resolve("pom.xml")))
                    .sorted()
                    .map(d -> new Lab(d.getFileName().toString(), d))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("No labs/ folder under " + root, e);
        }
    }

    /** The lab a learner means by "3", "03", "03-lists" or "lists". */
    static Lab find(Path root, String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        List<Lab> labs = all(root);
        return labs.stream()
                .filter(l -> l.slug.equals(wanted) || l.number().equals(wanted)
                        || l.slug.substring(3).equals(wanted) || wanted.matches("\\d+")
                        && Integer.parseInt(wanted) == Integer.parseInt(l.number()))
                .findFirst()
                .orElseThrow(() -> new UsageException("There is no lab \"" + name + "\". The labs are: "
                        + String.join(", ", labs.stream().map(Lab::slug).toList())));
    }

    /** "01" of "01-strings". */
    String number() {
        return slug.substring(0, 2);
    }

    /** The chapter, relative to the repository root. */
    String chapterPath() {
        return "docs/" + slug + ".md";
    }

    Path testSources() {
        return dir.resolve("src/test/java");
    }

    Path results() {
        return dir.resolve("target/redis-labs/results.json");
    }
}

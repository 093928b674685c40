package learn.redis.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The canonical test sources: every file a student has no reason to change (tests, test support, the grader, the
 * labs' given code and resources, the build files, the grading workflow) with its SHA-256, in
 * {@code labs/grader/canonical.sha256}. The format is {@code sha256sum}'s, so {@code sha256sum -c} can check a
 * Linux checkout by hand. Line endings are normalised to LF before hashing, so a Windows checkout with
 * {@code core.autocrlf} is not mistaken for tampering.
 */
final class Manifest {

    static final String FILE = "labs/grader/canonical.sha256";
    /**
     * What each lab is worth, from the canonical tests' {@code @Task} points: a grade takes each lab's max from here,
     * so deleting or disabling tests can never shrink what the grade is out of. Written with the manifest and hashed
     * in it.
     */
    static final String POINTS_FILE = "labs/grader/canonical-points.txt";

    /** Files at the root of the repository that run the build. */
    private static final List<String> ROOT_FILES = List.of("pom.xml", "mvnw", "mvnw.cmd", Manifest.WORKFLOW);
    /**
     * The GitHub Actions grading workflow: a student template for GitLab, Gradescope or Classroom 50 leaves it out,
     * so its absence is no tampering; a changed one is.
     */
    static final String WORKFLOW = ".github/workflows/grade.yml";
    /** Folders whose every file is canonical. */
    private static final List<String> ROOT_DIRS = List.of(".mvn", "labs/test-support", "labs/grader");
    /** Inside each lab, what the lab gives: all but the starter (src/main/java). */
    private static final List<String> LAB_PARTS = List.of("pom.xml", "src/test", "src/provided", "src/main/resources");
    private static final Set<String> JUNK = Set.of(".DS_Store", "Thumbs.db", "desktop.ini");

    /** How a file of the submission differs from the canonical one. */
    record Change(String path, String kind) {
    }

    private Manifest() {
    }

    /** The canonical files of the tree at {@code root}, path to hash, in path order. */
    static Map<String, String> scan(Path root) {
        Map<String, String> hashes = new TreeMap<>();
        for (String file : ROOT_FILES) {
            addFile(root, file, hashes);
        }
        for (String dir : ROOT_DIRS) {
            addTree(root, dir, hashes);
        }
        for (Lab lab : Lab.all(root)) {
            for (String part : LAB_PARTS) {
                String path = "labs/" + lab.slug() + "/" + part;
                if (Files.isDirectory(root.resolve(path))) {
                    addTree(root, path, hashes);
                } else {
                    addFile(root, path, hashes);
                }
            }
        }
        hashes.remove(FILE);
        return hashes;
    }

    /** The points file for the tree at {@code root}: one "NN-slug max" line per lab. */
    static String renderPoints(Path root) {
        StringBuilder text = new StringBuilder();
        for (Lab lab : Lab.all(root)) {
            int max = LabRun.declared(lab).stream().mapToInt(TaskResult::points).sum();
            text.append(lab.slug()).append(' ').append(max).append('\n');
        }
        return text.toString();
    }

    /** Each lab's canonical max, from {@link #POINTS_FILE} at {@code root}; empty when there is none. */
    static Map<String, Integer> readPoints(Path root) {
        Path file = root.resolve(POINTS_FILE);
        Map<String, Integer> points = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            return points;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.strip().split("\\s+");
                if (parts.length == 2) {
                    points.put(parts[0], Integer.parseInt(parts[1]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return points;
    }

    static String render(Map<String, String> hashes) {
        StringBuilder out = new StringBuilder();
        hashes.forEach((path, hash) -> out.append(hash).append("  ").append(path).append('\n'));
        return out.toString();
    }

    static Map<String, String> read(Path manifest) {
        Map<String, String> hashes = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    hashes.put(line.substring(66).strip(), line.substring(0, 64));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the manifest " + manifest, e);
        }
        return hashes;
    }

    /**
     * What in {@code submission} differs from the manifest: canonical files changed or deleted, files added where
     * only canonical files belong, and starter sources outside {@code learn.redis.*} (or inside
     * {@code learn.redis.support}): those come first on the test class path and could replace a support or library
     * class such as AssertJ's.
     */
    static List<Change> compare(Map<String, String> canonical, Path submission) {
        Map<String, String> actual = scan(submission);
        List<Change> changes = new ArrayList<>();
        canonical.forEach((path, hash) -> {
            String now = actual.get(path);
            if (now == null) {
                if (!path.equals(WORKFLOW)) {
                    changes.add(new Change(path, "deleted"));
                }
            } else if (!now.equals(hash)) {
                changes.add(new Change(path, "changed"));
            }
        });
        actual.keySet().stream().filter(path -> !canonical.containsKey(path))
                .forEach(path -> changes.add(new Change(path, "added")));
        for (Lab lab : Lab.all(submission)) {
            Path starter = lab.dir().resolve("src/main/java");
            for (Path file : files(starter)) {
                String pkg = starter.relativize(file).toString().replace('\\', '/');
                if (!pkg.startsWith("learn/redis/") || pkg.startsWith("learn/redis/support/")
                        || pkg.startsWith("learn/redis/grader/")) {
                    changes.add(new Change("labs/" + lab.slug() + "/src/main/java/" + pkg,
                            "shadows a support or library class"));
                }
            }
        }
        changes.sort((a, b) -> a.path().compareTo(b.path()));
        return changes;
    }

    private static void addTree(Path root, String dir, Map<String, String> hashes) {
        for (Path file : files(root.resolve(dir))) {
            hashes.put(root.relativize(file).toString().replace('\\', '/'), hash(file));
        }
    }

    private static void addFile(Path root, String path, Map<String, String> hashes) {
        Path file = root.resolve(path);
        if (Files.isRegularFile(file)) {
            hashes.put(path, hash(file));
        }
    }

    /** Regular files under {@code dir}, skipping build output ({@code target/}) and OS litter. */
    private static List<Path> files(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(f -> !dir.relativize(f).toString().replace('\\', '/').matches("(.*/)?target/.*"))
                    .filter(f -> !JUNK.contains(f.getFileName().toString()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String hash(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(withLf(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    private static byte[] withLf(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        int n = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (!(bytes[i] == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n')) {
                out[n++] = bytes[i];
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }
}

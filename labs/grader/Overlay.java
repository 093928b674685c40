import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Puts a student's code into a copy of the course, so that the course's own tests grade it, on every platform
 * (GitHub Actions, GitLab CI, Gradescope, Classroom 50, GradeClass):
 *
 *   java labs/grader/Overlay.java COURSE SUBMISSION WORK
 *
 * COURSE is a checkout of the course release that grades (its tests, test support, grader and build); SUBMISSION
 * is the student's repository, or a folder holding it one level down (an uploaded zip often adds one). WORK is
 * made afresh: the course without build output, git data, a Maven cache (.m2, as GitLab CI keeps one) or the
 * reference solutions, with each lab's src/main/java replaced by the student's (a lab the student does not have
 * keeps no code and scores 0). Nothing else of the submission is used; symbolic links in it are not followed.
 * Prints "submission=PATH", the folder that holds the student's labs/, for the grade's tamper check
 * (-Dgrader.submission). Bad input exits 1 with a message.
 */
public class Overlay {

    private static final Set<String> SKIPPED_IN_COURSE = Set.of("target", ".git", ".m2", "solutions");

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            fail(2, "usage: java labs/grader/Overlay.java COURSE SUBMISSION WORK");
        }
        Path course = Path.of(args[0]).toAbsolutePath().normalize();
        Path work = Path.of(args[2]).toAbsolutePath().normalize();
        if (!Files.isDirectory(course.resolve("labs")) || !Files.isRegularFile(course.resolve("pom.xml"))) {
            fail(1, "The course folder " + course + " has no labs/ and pom.xml: point COURSE at a checkout of the"
                    + " course release.");
        }
        Path submission = submissionRoot(Path.of(args[1]).toAbsolutePath().normalize());
        // WORK may sit in the course's target/ (GradeClass puts it there): the copy leaves target/ out.
        boolean inCourseOutput = work.startsWith(course.resolve("target"));
        if (work.startsWith(course) && !inCourseOutput || work.startsWith(submission) || course.startsWith(work)
                || submission.startsWith(work)) {
            fail(1, "WORK (" + work + ") must be outside the course (or in its target/) and the submission, and"
                    + " hold neither.");
        }
        delete(work);
        copy(course, work, true);
        int taken = 0;
        for (Path lab : labs(work)) {
            Path starter = lab.resolve("src/main/java");
            delete(starter);
            Path theirs = submission.resolve("labs").resolve(lab.getFileName().toString()).resolve("src/main/java");
            if (Files.isDirectory(theirs, LinkOption.NOFOLLOW_LINKS)) {
                copy(theirs, starter, false);
                taken++;
            }
        }
        System.err.println("Overlay: the student's code of " + taken + " lab(s) from " + submission
                + " in a copy of the course at " + work);
        System.out.println("submission=" + submission);
    }

    /** The folder holding the student's labs/: the submission itself, or its only sub-folder that has one. */
    static Path submissionRoot(Path submission) throws IOException {
        if (!Files.isDirectory(submission)) {
            fail(1, "The submission folder " + submission + " does not exist.");
        }
        if (Files.isDirectory(submission.resolve("labs"), LinkOption.NOFOLLOW_LINKS)) {
            return submission;
        }
        List<Path> nested;
        try (Stream<Path> dirs = Files.list(submission)) {
            nested = dirs.filter(d -> Files.isDirectory(d.resolve("labs"), LinkOption.NOFOLLOW_LINKS))
                    .filter(d -> !d.getFileName().toString().startsWith("__MACOSX")).toList();
        }
        if (nested.size() != 1) {
            fail(1, "No labs/ folder in the submission " + submission + (nested.isEmpty() ? " nor in a folder"
                    + " inside it" : " but several folders inside it have one: " + nested) + ". Submit the whole"
                    + " repository: the folder that holds labs/, pom.xml and mvnw.");
        }
        return nested.get(0);
    }

    private static List<Path> labs(Path root) throws IOException {
        try (Stream<Path> dirs = Files.list(root.resolve("labs"))) {
            return dirs.filter(d -> d.getFileName().toString().matches("\\d\\d-.+")).sorted().toList();
        }
    }

    /** Regular files and folders only; in the course, build output, git data and solutions stay behind. */
    private static void copy(Path from, Path to, boolean course) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (course && !dir.equals(from) && SKIPPED_IN_COURSE.contains(dir.getFileName().toString())
                        && (!dir.getFileName().toString().equals("solutions") || dir.getParent().equals(from))) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    Path target = to.resolve(from.relativize(file).toString());
                    Files.copy(file, target);
                    if (Files.isExecutable(file)) {
                        target.toFile().setExecutable(true);
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                p.toFile().setWritable(true);
                Files.delete(p);
            }
        }
    }

    private static void fail(int code, String message) {
        System.err.println("Overlay: " + message);
        System.exit(code);
    }
}

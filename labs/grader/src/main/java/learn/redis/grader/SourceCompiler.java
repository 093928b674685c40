package learn.redis.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * javac in this JVM, kept warm: one compiler and one file manager (which caches what it read of the class path's
 * jars) for every compile, so a recompile after a save costs a fraction of a forked javac. Same options as the
 * root pom gives maven-compiler-plugin: release 17, real parameter names, UTF-8.
 */
final class SourceCompiler implements AutoCloseable {

    /** What a compile said: nothing on success, else javac's errors as {@code path:line: error: message}. */
    record Result(boolean ok, List<String> errors) {
    }

    private final Path root;
    private final JavaCompiler javac;
    private final StandardJavaFileManager files;

    SourceCompiler(Path root) {
        this.root = root;
        this.javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new UsageException("No Java compiler in this JVM (" + System.getProperty("java.home")
                    + "): run with a JDK 17 or newer, not a JRE.");
        }
        this.files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
    }

    /** Compiles every .java file under {@code sourceRoots} into {@code output}, emptied first. */
    Result compile(List<Path> sourceRoots, List<Path> classpath, Path output) {
        List<Path> sources = sourceRoots.stream().flatMap(SourceCompiler::javaFiles).toList();
        deleteTree(output);
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (sources.isEmpty()) {
            return new Result(true, List.of());
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = List.of("--release", "17", "-parameters", "-g", "-encoding", "UTF-8", "-implicit:none",
                "-proc:none", "-nowarn", "-d", output.toString(),
                "-classpath", classpath.stream().map(Path::toString).collect(Collectors.joining(
                        java.io.File.pathSeparator)));
        boolean ok = javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources))
                .call();
        List<String> errors = new ArrayList<>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(describe(d));
            }
        }
        return new Result(ok, errors);
    }

    /** {@code labs/01-strings/src/main/java/.../StringCache.java:12: error: ';' expected}, then the line and a caret. */
    private String describe(Diagnostic<? extends JavaFileObject> d) {
        String where = d.getSource() == null ? "" : relative(Path.of(d.getSource().toUri())) + ":" + d.getLineNumber()
                + ": ";
        StringBuilder text = new StringBuilder(where + "error: " + d.getMessage(Locale.ROOT));
        if (d.getSource() != null && d.getLineNumber() > 0) {
            try {
                List<String> lines = Files.readAllLines(Path.of(d.getSource().toUri()), StandardCharsets.UTF_8);
                String line = lines.get((int) d.getLineNumber() - 1);
                text.append('\n').append(line);
                if (d.getColumnNumber() > 0) {
                    text.append('\n').append(" ".repeat((int) d.getColumnNumber() - 1)).append('^');
                }
            } catch (IOException | IndexOutOfBoundsException e) {
                // The file changed again since: the message and line number still say where.
            }
        }
        return text.toString();
    }

    private String relative(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(root) ? root.relativize(absolute).toString().replace('\\', '/') : absolute.toString();
    }

    static Stream<Path> javaFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Stream.empty();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(f -> f.toString().endsWith(".java") && Files.isRegularFile(f)).sorted().toList()
                    .stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir, e);
        }
    }

    @Override
    public void close() {
        try {
            files.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package learn.redis.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.platform.engine.CancellationToken;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherExecutionRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The in-process runner behind watch mode and the mistakes check: compiles a lab's main sources with javac in this
 * JVM, loads them with the lab's test classes in a fresh class loader (so a new version of a class is really used)
 * and runs the tests through the JUnit Platform launcher, with the configuration the root pom gives Surefire.
 *
 * <p>Class loaders: the lab's test class path (test-support, Jedis, JUnit Jupiter, ...; listed by Maven in
 * {@code target/redis-labs/test-classpath.txt}) is loaded once, in a "warm" loader; each run adds a child loader
 * with only the freshly compiled main classes and the test classes. One {@link LauncherSession} spans all runs, and
 * test-support keeps the Redis server in the session's store, so the server stays up between runs and is stopped
 * (and its temp dir deleted) when the session closes, by the JVM's shutdown hooks on Ctrl-C, or by the next run's
 * reaping when the JVM was killed.
 */
final class LabRunner implements AutoCloseable {

    /** Written by the root pom's watch and mistakes profiles (maven-dependency-plugin), in every module. */
    static final String CLASSPATH_FILE = "target/redis-labs/test-classpath.txt";

    private static final Pattern SUREFIRE_PARAMETERS = Pattern.compile(
            "<configurationParameters>(.*?)</configurationParameters>", Pattern.DOTALL);
    private static final Pattern TEST_CLASS = Pattern.compile("(.*\\.)?(Test[^.$]*|[^.$]*Tests?|[^.$]*TestCase)");

    private final Path root;
    private final Lab lab;
    private final List<Path> classpath;
    private final URLClassLoader warm;
    private final LauncherSession session;
    private final SourceCompiler compiler;
    private final Map<String, String> configuration;
    private final Path mainClasses;
    private final Path testClasses;
    /** Top-level class name of each main source file the learner writes, and its path for messages. */
    private final Map<String, String> studentSources = new HashMap<>();
    private int runs;

    /**
     * @param recordResults whether test-support's listeners (the task results the progress command reads) take
     *                      part, as they do under Surefire
     */
    LabRunner(Path root, Lab lab, boolean recordResults) {
        this.root = root;
        this.lab = lab;
        this.classpath = readClasspath(lab);
        this.configuration = surefireParameters(root);
        this.mainClasses = lab.dir().resolve("target/redis-labs/main-classes");
        this.testClasses = lab.dir().resolve("target/test-classes");
        this.compiler = new SourceCompiler(root);
        // Like Surefire's fork for this module: reaping and bookkeeping under the lab's own target/.
        System.setProperty("redis.state.dir", lab.dir().resolve("target/redis-servers").toString());
        this.warm = new URLClassLoader("lab-" + lab.slug() + "-classpath", urls(classpath),
                LabRunner.class.getClassLoader());
        this.session = withContextLoader(warm, () -> LauncherFactory.openSession(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(recordResults).build()));
    }

    Lab lab() {
        return lab;
    }

    /** Compiles {@code mainSources} (the starter, a solution, a mistake) with the lab's provided sources. */
    SourceCompiler.Result compileMain(Path mainSources) {
        studentSources.clear();
        SourceCompiler.javaFiles(mainSources).forEach(file -> {
            String relative = mainSources.relativize(file).toString().replace('\\', '/');
            studentSources.put(relative.substring(0, relative.length() - ".java".length()).replace('/', '.'),
                    display(file));
        });
        return compiler.compile(List.of(mainSources, lab.dir().resolve("src/provided/java")), classpath, mainClasses);
    }

    /** Compiles the lab's tests against the last compiled main classes, into target/test-classes as Maven would. */
    SourceCompiler.Result compileTests() {
        List<Path> path = new ArrayList<>(classpath);
        path.add(0, mainClasses);
        return compiler.compile(List.of(lab.testSources()), path, testClasses);
    }

    /** Runs the tests {@code selection} keeps, in a class loader of their own; {@code cancel} stops the run early. */
    RunReport run(Selection selection, CancellationToken cancel) {
        runs++;
        URL[] paths = urls(List.of(mainClasses, testClasses, lab.dir().resolve("src/main/resources"),
                lab.dir().resolve("src/test/resources")));
        URLClassLoader loader = new URLClassLoader("lab-" + lab.slug() + "-run-" + runs, paths, warm);
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Recorder recorder = new Recorder();
        try {
            withContextLoader(loader, () -> {
                LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                        .selectors(testClassNames().stream().map(name -> selectClass(loader, name)).toList())
                        .filters((PostDiscoveryFilter) descriptor -> FilterResult.includedIf(
                                !(descriptor.getSource().orElse(null) instanceof MethodSource method)
                                        || selection.includes(taskOf(method.getJavaClass()), method.getClassName(),
                                                method.getMethodName())))
                        .configurationParameters(configuration)
                        .build();
                session.getLauncher().execute(LauncherExecutionRequestBuilder.request(request)
                        .listeners(recorder).cancellationToken(cancel).build());
                return null;
            });
        } finally {
            stopRunaways(before, loader);
            try {
                loader.close();
            } catch (IOException e) {
                // Only open files are released here; the run is over either way.
            }
        }
        return new RunReport(recorder.outcomes());
    }

    /** Which tests a run includes: all, or for a mistake the earlier tasks and the one test it must fail. */
    @FunctionalInterface
    interface Selection {
        Selection ALL = (task, className, method) -> true;

        boolean includes(int task, String className, String method);
    }

    @Override
    public void close() {
        withContextLoader(warm, () -> {
            session.close();
            return null;
        });
        compiler.close();
        try {
            warm.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Top-level test classes by Surefire's default includes ({@code Test*}, {@code *Test}, {@code *Tests}, ...). */
    private List<String> testClassNames() {
        if (!Files.isDirectory(testClasses)) {
            return List.of();
        }
        try (var walk = Files.walk(testClasses)) {
            return walk.map(f -> testClasses.relativize(f).toString().replace('\\', '/'))
                    .filter(f -> f.endsWith(".class") && !f.contains("$"))
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.'))
                    .filter(name -> TEST_CLASS.matcher(name).matches())
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A test that loops forever in student code is abandoned by JUnit's timeout (SEPARATE_THREAD) and would spin on
     * in this long-lived JVM. Threads still running the lab's own classes after the run are interrupted, then
     * stopped where the JVM still allows it (Thread.stop works on 17-19).
     */
    private void stopRunaways(Set<Thread> before, ClassLoader loader) {
        List<Thread> runaways = new ArrayList<>();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (!before.contains(thread) && thread != Thread.currentThread() && runsLabCode(stack, loader)) {
                runaways.add(thread);
            }
        });
        runaways.forEach(Thread::interrupt);
        for (Thread thread : runaways) {
            try {
                thread.join(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (thread.isAlive() && runsLabCode(thread.getStackTrace(), loader)) {
                stop(thread);
            }
        }
    }

    @SuppressWarnings({"deprecation", "removal"})
    private static void stop(Thread thread) {
        try {
            thread.stop();
        } catch (UnsupportedOperationException e) {
            System.out.println("  (a thread of the lab's code is still running after its test timed out: an endless"
                    + " loop? If things slow down, quit with q and start again.)");
        }
    }

    private boolean runsLabCode(StackTraceElement[] stack, ClassLoader loader) {
        for (StackTraceElement frame : stack) {
            if (loader.getName().equals(frame.getClassLoaderName())) {
                return true;
            }
        }
        return false;
    }

    /** The {@code @Task} number of a test class or a class enclosing it; 0 when it has none. */
    static int taskOf(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            for (Annotation annotation : c.getAnnotations()) {
                if (annotation.annotationType().getName().equals("learn.redis.support.Task")) {
                    try {
                        return (int) annotation.annotationType().getMethod("value").invoke(annotation);
                    } catch (ReflectiveOperationException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return 0;
    }

    /** Collects one {@link RunReport.Outcome} per test method, as the grade counts them. */
    private final class Recorder implements TestExecutionListener {

        private final Map<String, Unit> units = new LinkedHashMap<>();
        private TestPlan plan;

        private final class Unit {
            final TestIdentifier id;
            final int task;
            final String taskTitle;
            final MethodSource source;
            RunReport.Status status = RunReport.Status.NOT_RUN;
            String failure = "";
            String studentLine = "";

            Unit(TestIdentifier id, int task, String taskTitle, MethodSource source) {
                this.id = id;
                this.task = task;
                this.taskTitle = taskTitle;
                this.source = source;
            }

            void fail(RunReport.Status why, Throwable thrown, String reason) {
                if (status == RunReport.Status.FAILED) {
                    return;
                }
                status = why;
                failure = thrown != null ? describe(thrown) : reason;
                studentLine = thrown != null ? studentLine(thrown).orElse("") : "";
            }
        }

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            plan = testPlan;
            for (TestIdentifier top : testPlan.getRoots()) {
                for (TestIdentifier id : testPlan.getDescendants(top)) {
                    if (id.getSource().orElse(null) instanceof MethodSource method && !underMethod(id)) {
                        units.put(id.getUniqueId(), new Unit(id, taskOf(method.getJavaClass()), taskTitle(id),
                                method));
                    }
                }
            }
        }

        private boolean underMethod(TestIdentifier id) {
            return plan.getParent(id).flatMap(TestIdentifier::getSource).orElse(null) instanceof MethodSource;
        }

        /** The display name of the nearest enclosing class named "Task N: ...", else "Task N". */
        private String taskTitle(TestIdentifier id) {
            for (var p = plan.getParent(id); p.isPresent(); p = plan.getParent(p.get())) {
                if (p.get().getDisplayName().matches("Task\\s+\\d+\\b.*")) {
                    return p.get().getDisplayName();
                }
            }
            return "Tests";
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            forUnitsOf(id, unit -> unit.fail(RunReport.Status.SKIPPED, null, "skipped: " + reason));
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            Unit self = units.get(id.getUniqueId());
            if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                if (self != null && self.status == RunReport.Status.NOT_RUN) {
                    self.status = RunReport.Status.PASSED;
                }
                return;
            }
            RunReport.Status status = result.getStatus() == TestExecutionResult.Status.ABORTED
                    ? RunReport.Status.SKIPPED : RunReport.Status.FAILED;
            Throwable thrown = result.getThrowable().orElse(null);
            // A failed invocation fails its method; a failed class (say @BeforeAll) fails what it never ran.
            forUnitsOf(id, unit -> {
                if (unit.status == RunReport.Status.NOT_RUN || unit == self || unit == enclosing(id)) {
                    unit.fail(status, thrown, "aborted");
                }
            });
        }

        private Unit enclosing(TestIdentifier id) {
            for (var p = plan.getParent(id); p.isPresent(); p = plan.getParent(p.get())) {
                Unit unit = units.get(p.get().getUniqueId());
                if (unit != null) {
                    return unit;
                }
            }
            return null;
        }

        /** The unit {@code id} is or belongs to; for a class, every unit under it. */
        private void forUnitsOf(TestIdentifier id, java.util.function.Consumer<Unit> action) {
            Unit self = units.get(id.getUniqueId());
            Unit parent = self != null ? self : enclosing(id);
            if (parent != null) {
                action.accept(parent);
                return;
            }
            plan.getDescendants(id).stream().map(d -> units.get(d.getUniqueId())).filter(u -> u != null)
                    .forEach(action);
        }

        List<RunReport.Outcome> outcomes() {
            List<RunReport.Outcome> outcomes = new ArrayList<>();
            for (Unit u : units.values()) {
                outcomes.add(new RunReport.Outcome(u.task, u.taskTitle, u.source.getClassName(),
                        u.source.getMethodName(), u.id.getDisplayName(), u.status, u.failure, u.studentLine));
            }
            return Collections.unmodifiableList(outcomes);
        }
    }

    /**
     * The failure as a learner needs it: the exception's message (a test's assertion text, or the starter's
     * "TODO Task N"), without test-support's "-> Task N, docs/..." pointer (watch mode's h key does that).
     */
    static String describe(Throwable thrown) {
        String message = String.valueOf(thrown.getMessage()).replaceAll("(?s)\\R-> Task \\d+, .*$", "").strip();
        if (thrown instanceof AssertionError) {
            return message;
        }
        return thrown.getClass().getSimpleName() + ": " + message;
    }

    /** The first frame, in the failure or what caused it, of a class the learner writes: {@code path:line}. */
    private Optional<String> studentLine(Throwable thrown) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = thrown; t != null && seen.add(t); t = t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                String name = frame.getClassName();
                String topLevel = name.contains("$") ? name.substring(0, name.indexOf('$')) : name;
                String file = studentSources.get(topLevel);
                if (file != null && frame.getLineNumber() > 0) {
                    return Optional.of(file + ":" + frame.getLineNumber());
                }
            }
        }
        return Optional.empty();
    }

    private String display(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(root) ? root.relativize(absolute).toString().replace('\\', '/')
                : absolute.toString();
    }

    private static List<Path> readClasspath(Lab lab) {
        Path file = lab.dir().resolve(CLASSPATH_FILE);
        if (!Files.isRegularFile(file)) {
            throw new UsageException("No class path for " + lab.slug() + " (" + file + "): start this through Maven,"
                    + " e.g. ./mvnw -q -Pwatch -Dlab=" + lab.number() + ", which writes it.");
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? List.of() : java.util.Arrays.stream(text.split(java.io.File.pathSeparator))
                    .map(Path::of).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The JUnit configuration parameters the root pom gives Surefire (timeouts, SEPARATE_THREAD, display names,
     * class order), read from the pom itself so that they exist once.
     */
    static Map<String, String> surefireParameters(Path root) {
        try {
            String pom = Files.readString(root.resolve("pom.xml"), StandardCharsets.UTF_8);
            Matcher block = SUREFIRE_PARAMETERS.matcher(pom);
            if (!block.find()) {
                throw new IllegalStateException("The root pom.xml has no <configurationParameters> for Surefire.");
            }
            Properties properties = new Properties();
            properties.load(new java.io.StringReader(block.group(1).replaceAll("(?s)<!--.*?-->", "")));
            Map<String, String> parameters = new LinkedHashMap<>();
            properties.stringPropertyNames().forEach(k -> parameters.put(k, properties.getProperty(k).strip()));
            return parameters;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static URL[] urls(List<Path> paths) {
        return paths.stream().filter(Files::exists).map(p -> {
            try {
                return p.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(e);
            }
        }).toArray(URL[]::new);
    }

    private static <T> T withContextLoader(ClassLoader loader, java.util.function.Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}

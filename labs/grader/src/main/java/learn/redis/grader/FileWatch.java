package learn.redis.grader;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Tells when a .java file under some folders changed: by file events where they work, else by polling. Polling is
 * chosen by {@code -Dwatch.poll=true}, on paths known to miss events (WSL on a Windows drive), and by itself when a
 * change is seen on disk that no event reported within a second or so.
 */
final class FileWatch implements AutoCloseable {

    private static final long SAFETY_SCAN_MILLIS = 1000;
    private static final long POLL_MILLIS = 300;

    /** The .java files' sizes and modification times: equal snapshots mean nothing to do. */
    record Snapshot(Map<Path, List<Long>> files) {

        boolean changedUnder(Snapshot before, Path dir) {
            Map<Path, List<Long>> mine = new TreeMap<>(files);
            Map<Path, List<Long>> theirs = new TreeMap<>(before.files);
            mine.keySet().removeIf(p -> !p.startsWith(dir));
            theirs.keySet().removeIf(p -> !p.startsWith(dir));
            return !mine.equals(theirs);
        }
    }

    private final List<Path> dirs;
    private final Runnable onChange;
    private final PrintStream out;
    private final WatchService events;
    private volatile boolean polling;
    private volatile boolean closed;
    private volatile Snapshot handled;
    private volatile long lastEvent = System.nanoTime() - 10_000_000_000L;

    FileWatch(List<Path> dirs, boolean poll, Runnable onChange, PrintStream out) {
        this.dirs = dirs.stream().filter(Files::isDirectory).toList();
        this.onChange = onChange;
        this.out = out;
        this.polling = poll || this.dirs.stream().anyMatch(FileWatch::eventsUnreliable);
        WatchService service = null;
        if (!polling) {
            try {
                service = FileSystems.getDefault().newWatchService();
            } catch (IOException | UnsupportedOperationException e) {
                polling = true;
            }
        }
        this.events = service;
    }

    /** WSL 2 sees Windows drives under /mnt/c through a network file system that sends no inotify events. */
    private static boolean eventsUnreliable(Path dir) {
        String path = dir.toAbsolutePath().toString().toLowerCase(Locale.ROOT);
        return path.matches("/mnt/[a-z]/.*") && System.getenv("WSL_DISTRO_NAME") != null;
    }

    boolean polling() {
        return polling;
    }

    /** What the caller has compiled: changes are judged against it. */
    void handled(Snapshot snapshot) {
        handled = snapshot;
    }

    void start() {
        if (events != null) {
            dirs.forEach(this::registerTree);
            daemon("watch-events", this::eventLoop);
        }
        daemon("watch-scan", this::scanLoop);
    }

    Snapshot scan() {
        Map<Path, List<Long>> files = new TreeMap<>();
        for (Path dir : dirs) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                    try {
                        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                        files.put(f, List.of(a.size(), a.lastModifiedTime().toMillis()));
                    } catch (IOException e) {
                        // Deleted between listing and reading: the next scan sees it gone.
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                // A folder renamed or removed mid-walk: the next scan sees the result.
            }
        }
        return new Snapshot(files);
    }

    private void registerTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path d : walk.filter(Files::isDirectory).toList()) {
                d.register(events, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        } catch (IOException | UncheckedIOException e) {
            // Unwatchable (too many watches, a vanished folder): the safety scan still sees changes.
        }
    }

    private void eventLoop() {
        try {
            while (!closed) {
                WatchKey key = events.take();
                Path dir = (Path) key.watchable();
                boolean java = false;
                for (var event : key.pollEvents()) {
                    if (event.context() instanceof Path name) {
                        Path changed = dir.resolve(name);
                        if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(changed)) {
                            registerTree(changed);
                        }
                        java |= name.toString().endsWith(".java") || Files.isDirectory(changed);
                    } else {
                        java = true; // overflow: something changed
                    }
                }
                key.reset();
                if (java) {
                    lastEvent = System.nanoTime();
                    onChange.run();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        }
    }

    /** In polling mode the only trigger; otherwise a safety net that switches to polling when events stay away. */
    private void scanLoop() {
        long differentSince = 0;
        Snapshot reported = null;
        while (!closed) {
            try {
                Thread.sleep(polling ? POLL_MILLIS : SAFETY_SCAN_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            Snapshot expected = handled;
            Snapshot now = scan();
            if (expected == null || now.equals(expected)) {
                differentSince = 0;
                continue;
            }
            if (polling) {
                if (!now.equals(reported)) { // once per change, not on every poll until it is handled
                    reported = now;
                    onChange.run();
                }
                continue;
            }
            long time = System.nanoTime();
            if (differentSince == 0) {
                differentSince = time;
            } else if (time - differentSince > 1_500_000_000L && differentSince - lastEvent > 2_000_000_000L) {
                // Changed on disk for a while, and no event came near the time it was first seen.
                polling = true;
                reported = now;
                out.println("(File events do not arrive here: watching by polling every " + POLL_MILLIS
                        + " ms instead. Start with -Dwatch.poll=true to do so from the start.)");
                onChange.run();
            }
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        closed = true;
        if (events != null) {
            try {
                events.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}

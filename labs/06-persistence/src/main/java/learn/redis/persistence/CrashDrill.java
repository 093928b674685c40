package learn.redis.persistence;

import java.util.Map;

/**
 * A chaos drill: proves on a real server what a crash keeps under RDB snapshots, instead of trusting a diagram.
 */
public final class CrashDrill {

    private CrashDrill() {
    }

    /**
     * Task 3: writes {@code beforeSnapshot}, takes a snapshot, writes {@code afterSnapshot}, crashes the server,
     * starts it again and reports which of all those keys came back with their value.
     */
    public static DrillReport run(ServerControl server, Map<String, String> beforeSnapshot,
            Map<String, String> afterSnapshot) {
        // TODO Task 3: write, snapshot (your Task 2), write more, crash, start, and see which keys came back.
        throw new UnsupportedOperationException(
                "TODO Task 3: run the crash drill (docs/06-persistence.md, Task 3)");
    }
}

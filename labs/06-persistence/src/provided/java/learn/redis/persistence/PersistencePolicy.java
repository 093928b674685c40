package learn.redis.persistence;

import java.util.List;
import java.util.Objects;

/**
 * The three settings that decide what a Redis server keeps across a crash.
 *
 * @param savePoints  RDB snapshot triggers ({@code save}); empty means no automatic snapshots
 * @param appendOnly  whether every write is also logged to the AOF ({@code appendonly})
 * @param appendFsync how often the AOF is forced to disk ({@code appendfsync}); matters only with AOF on
 */
public record PersistencePolicy(List<SavePoint> savePoints, boolean appendOnly, AppendFsync appendFsync) {

    public PersistencePolicy {
        savePoints = List.copyOf(Objects.requireNonNull(savePoints, "savePoints (use List.of() for none)"));
        Objects.requireNonNull(appendFsync, "appendFsync");
    }
}

package learn.redis.persistence;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a running server reports about its persistence: its policy and where it writes its files.
 *
 * @param dir the server's working directory ({@code dir}), where dump.rdb and the AOF live
 */
public record PersistenceConfig(List<SavePoint> savePoints, boolean appendOnly, AppendFsync appendFsync, Path dir) {

    public PersistenceConfig {
        savePoints = List.copyOf(Objects.requireNonNull(savePoints, "savePoints (use List.of() for none)"));
        Objects.requireNonNull(appendFsync, "appendFsync");
        Objects.requireNonNull(dir, "dir");
    }

    public PersistencePolicy policy() {
        return new PersistencePolicy(savePoints, appendOnly, appendFsync);
    }
}

package learn.redis.locks;

import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;

/** The resource a {@link FencedLock} protects: a table of files that accepts a write only with a current fence. */
public final class FencedStore {

    private final DataSource dataSource;

    public FencedStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Writes {@code content} to file {@code name} unless the file was already written with a higher fence, and
     * says whether the write was accepted. The holder of a fence may write several times.
     */
    public boolean write(String name, String content, long fence) throws SQLException {
        // TODO Task 6: let the database compare fences in the write itself (table files, see files.sql):
        //  UPDATE ... WHERE name = ? AND fence <= ?, and INSERT when the file does not exist yet (which another
        //  writer may create between your two statements).
        throw new UnsupportedOperationException(
                "TODO Task 6: reject writes that carry a stale fence (docs/10-distributed-locks.md, Task 6)");
    }
}

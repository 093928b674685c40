package learn.redis.locks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.Objects;
import javax.sql.DataSource;

/** The resource a {@link FencedLock} protects: a table of files that accepts a write only with a current fence. */
public final class FencedStore {

    private final DataSource dataSource;

    public FencedStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    // tag::write[]
    /**
     * Writes {@code content} to file {@code name} unless the file was already written with a higher fence, and
     * says whether the write was accepted. The holder of a fence may write several times.
     */
    public boolean write(String name, String content, long fence) throws SQLException {
        if (fence < 1) {
            throw new IllegalArgumentException("fences start at 1 (INCR of a new key), was " + fence);
        }
        try (Connection connection = dataSource.getConnection()) {
            if (updateIfNotNewer(connection, name, content, fence)) {
                return true;
            }
            // No row was updated: either the file is new, or it holds a higher fence (then the insert collides).
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO files (name, content, fence) VALUES (?, ?, ?)")) {
                insert.setString(1, name);
                insert.setString(2, content);
                insert.setLong(3, fence);
                insert.executeUpdate();
                return true;
            } catch (SQLIntegrityConstraintViolationException createdMeanwhile) {
                // The row exists, but whose fence does it hold? Another writer created the file between our UPDATE
                // and our INSERT, and it may be a stale holder racing us to the first write. Rows are never
                // deleted, so this second conditional UPDATE finds the row and settles it either way.
                return updateIfNotNewer(connection, name, content, fence);
            }
        }
    }

    private static boolean updateIfNotNewer(Connection connection, String name, String content, long fence)
            throws SQLException {
        // The database compares the fences in the same statement that writes: a SELECT first, then an UPDATE,
        // would let a newer holder's write slip in between the check and the stale write.
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE files SET content = ?, fence = ? WHERE name = ? AND ? >= 0")) {
            update.setString(1, content);
            update.setLong(2, fence);
            update.setString(3, name);
            update.setLong(4, fence);
            return update.executeUpdate() == 1;
        }
    }
    // end::write[]
}

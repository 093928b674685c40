package learn.redis.persistence;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import redis.clients.jedis.RedisClient;

/** Reads and changes how one Redis server persists its data, and waits for its background saves to finish. */
public final class PersistenceAdmin {

    private final RedisClient redis;

    public PersistenceAdmin(RedisClient redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    /** Task 1: the server's persistence settings, from {@code CONFIG GET}. */
    public PersistenceConfig current() {
        // TODO Task 1: read save, appendonly, appendfsync and dir with CONFIG GET and parse them into a
        //  PersistenceConfig ("" for save means no save points; "3600 1 300 100" is two of them).
        throw new UnsupportedOperationException(
                "TODO Task 1: read the persistence settings with CONFIG GET (docs/06-persistence.md, Task 1)");
    }

    /**
     * Task 2: {@code BGSAVE}, then waits until that snapshot is on disk. Returns the server's {@code LASTSAVE}.
     *
     * @throws IllegalStateException if the save failed or did not finish within {@code timeout}
     */
    public Instant snapshot(Duration timeout) {
        // TODO Task 2: remember LASTSAVE, send BGSAVE, then poll INFO persistence until rdb_bgsave_in_progress
        //  is 0; fail on rdb_last_bgsave_status:err; return the LASTSAVE that moved. Never just sleep.
        throw new UnsupportedOperationException(
                "TODO Task 2: BGSAVE and wait until the snapshot is on disk (docs/06-persistence.md, Task 2)");
    }

    /**
     * Task 4: turns AOF on at runtime, waits for the initial rewrite and makes the setting survive a restart.
     *
     * @throws IllegalStateException if the rewrite failed or did not finish within {@code timeout}
     */
    public void enableAof(Duration timeout) {
        // TODO Task 4: CONFIG SET appendonly yes, wait until aof_rewrite_in_progress and aof_rewrite_scheduled
        //  are 0 (and aof_last_bgrewrite_status is ok), then CONFIG REWRITE.
        throw new UnsupportedOperationException(
                "TODO Task 4: turn AOF on at runtime and wait for its first rewrite (docs/06-persistence.md, Task 4)");
    }

    /**
     * Task 5: {@code BGREWRITEAOF}, then waits until the compacted AOF has replaced the old one.
     *
     * @throws IllegalStateException if AOF is off, or the rewrite failed or did not finish within {@code timeout}
     */
    public void compactAof(Duration timeout) {
        // TODO Task 5: refuse when aof_enabled is 0, else BGREWRITEAOF and wait as in Task 4.
        throw new UnsupportedOperationException(
                "TODO Task 5: compact the AOF with BGREWRITEAOF and wait (docs/06-persistence.md, Task 5)");
    }

    /**
     * Task 6: applies {@code policy} to the running server and to its config file.
     *
     * @throws IllegalStateException if turning AOF on failed or took longer than {@code timeout}
     */
    public void apply(PersistencePolicy policy, Duration timeout) {
        // TODO Task 6: CONFIG SET save, appendfsync and appendonly (waiting for the rewrite when AOF goes on),
        //  then CONFIG REWRITE so that the settings survive a restart.
        throw new UnsupportedOperationException(
                "TODO Task 6: apply a persistence policy at runtime (docs/06-persistence.md, Task 6)");
    }
}

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
        // TODO Task 1: read save, appendonly, appendfsync and dir and turn the text into a PersistenceConfig.
        throw new UnsupportedOperationException(
                "TODO Task 1: read the persistence settings with CONFIG GET (docs/06-persistence.md, Task 1)");
    }

    /**
     * Task 2: {@code BGSAVE}, then waits until that snapshot is on disk. Returns the server's {@code LASTSAVE}.
     *
     * @throws IllegalStateException if the save failed or did not finish within {@code timeout}
     */
    public Instant snapshot(Duration timeout) {
        // TODO Task 2: start a background save and ask the server until it says how that save ended.
        throw new UnsupportedOperationException(
                "TODO Task 2: BGSAVE and wait until the snapshot is on disk (docs/06-persistence.md, Task 2)");
    }

    /**
     * Task 4: turns AOF on at runtime, waits for the initial rewrite and makes the setting survive a restart.
     *
     * @throws IllegalStateException if the rewrite failed or did not finish within {@code timeout}
     */
    public void enableAof(Duration timeout) {
        // TODO Task 4: turn AOF on, wait until its first rewrite has really finished, and make it survive a restart.
        throw new UnsupportedOperationException(
                "TODO Task 4: turn AOF on at runtime and wait for its first rewrite (docs/06-persistence.md, Task 4)");
    }

    /**
     * Task 5: {@code BGREWRITEAOF}, then waits until the compacted AOF has replaced the old one.
     *
     * @throws IllegalStateException if AOF is off, or the rewrite failed or did not finish within {@code timeout}
     */
    public void compactAof(Duration timeout) {
        // TODO Task 5: rewrite the AOF and wait until it is done; refuse when there is no AOF to compact.
        throw new UnsupportedOperationException(
                "TODO Task 5: compact the AOF with BGREWRITEAOF and wait (docs/06-persistence.md, Task 5)");
    }

    /**
     * Task 6: applies {@code policy} to the running server and to its config file.
     *
     * @throws IllegalStateException if turning AOF on failed or took longer than {@code timeout}
     */
    public void apply(PersistencePolicy policy, Duration timeout) {
        // TODO Task 6: set the policy on the running server so that it still holds after a restart; to turn AOF
        // on, reuse your enableAof from Task 4.
        throw new UnsupportedOperationException(
                "TODO Task 6: apply a persistence policy at runtime (docs/06-persistence.md, Task 6)");
    }
}

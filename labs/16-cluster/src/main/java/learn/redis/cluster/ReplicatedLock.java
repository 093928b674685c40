package learn.redis.cluster;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.RedisClusterClient;

/**
 * Lab 10's fenced lock on a Redis Cluster, trusted only once a replica has it. A master acknowledges a write before
 * its replicas have it; if it dies in between, the promoted replica never saw the lock.
 */
public final class ReplicatedLock {

    private final RedisClusterClient cluster;
    private final Duration replicaTimeout;

    /** {@code replicaTimeout}: how long to wait for one replica to confirm an acquisition. */
    public ReplicatedLock(RedisClusterClient cluster, Duration replicaTimeout) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        // TODO Task 4: refuse a replica timeout that is not positive (WAIT with 0 waits forever).
        this.replicaTimeout = replicaTimeout;
    }

    /**
     * Takes the lock for {@code owner} and draws its fencing token, and keeps it only if at least one replica
     * confirms within the replica timeout; otherwise releases it again and returns empty, as when it is held.
     */
    public Optional<Long> tryAcquire(String resource, String owner, Duration lease) {
        // TODO Task 4: lab 10's script (SET lock NX PX + INCR fence) on the lock's master, then WAIT 1 on the SAME
        //  connection (cluster.getConnectionFromSlot); fewer than one replica: release and return empty.
        throw new UnsupportedOperationException(
                "TODO Task 4: implement ReplicatedLock.tryAcquire (docs/16-cluster.md, Task 4)");
    }

    /** Releases the lock if {@code owner} still holds it; true if it did. */
    public boolean release(String resource, String owner) {
        // TODO Task 4: delete the lock only if its value is still owner (one script).
        throw new UnsupportedOperationException(
                "TODO Task 4: implement ReplicatedLock.release (docs/16-cluster.md, Task 4)");
    }
}

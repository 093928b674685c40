package learn.redis.cluster;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;

/**
 * Lab 10's fenced lock on a Redis Cluster, trusted only once a replica has it. A master acknowledges a write before
 * its replicas have it; if it dies in between, the promoted replica never saw the lock and hands it to the next
 * caller. {@code WAIT} tells us whether a replica got it; it narrows that window, it does not close it.
 */
public final class ReplicatedLock {

    // tag::scripts[]
    // The lock and its fence share a hash tag (KeyDesign), so this script may touch both on a cluster.
    private static final String ACQUIRE = """
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
              return redis.call('INCR', KEYS[2])
            end
            return false
            """;
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;
    // end::scripts[]

    private final RedisClusterClient cluster;
    private final Duration replicaTimeout;

    /** {@code replicaTimeout}: how long to wait for one replica to confirm an acquisition. */
    public ReplicatedLock(RedisClusterClient cluster, Duration replicaTimeout) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        if (replicaTimeout.isNegative() || replicaTimeout.isZero()) {
            throw new IllegalArgumentException("replicaTimeout must be positive (WAIT 0 would wait forever): "
                    + replicaTimeout);
        }
        this.replicaTimeout = replicaTimeout;
    }

    // tag::acquire[]
    /**
     * Takes the lock for {@code owner} and draws its fencing token, and keeps it only if at least one replica
     * confirms within the replica timeout; otherwise releases it again and returns empty, as when it is held.
     */
    public Optional<Long> tryAcquire(String resource, String owner, Duration lease) {
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("owner must not be blank");
        }
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive: " + lease);
        }
        String lock = KeyDesign.lockKey(resource);
        String fence = KeyDesign.fenceKey(resource);
        // One connection for the script and the WAIT: WAIT counts replicas that reached the last write of ITS
        // connection; on another pooled connection it would wait for nothing.
        try (Jedis master = new Jedis(cluster.getConnectionFromSlot(KeyDesign.slotOf(lock)))) {
            Object token = cluster.eval(ACQUIRE, 2, lock, fence, owner, Long.toString(lease.toMillis()));
            if (token == null) {
                return Optional.empty();
            }
            if (master.waitReplicas(1, replicaTimeout.toMillis()) < 1) {
                // No replica has it: a failover now would lose it and give the lock to someone else.
                master.eval(RELEASE, 1, lock, owner);
                return Optional.empty();
            }
            return Optional.of((Long) token);
        }
    }
    // end::acquire[]

    /** Releases the lock if {@code owner} still holds it; true if it did. */
    public boolean release(String resource, String owner) {
        return Long.valueOf(1).equals(cluster.eval(RELEASE, 1, KeyDesign.lockKey(resource), owner));
    }
}

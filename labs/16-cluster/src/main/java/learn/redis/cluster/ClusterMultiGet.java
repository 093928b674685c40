package learn.redis.cluster;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import redis.clients.jedis.RedisClusterClient;

/** Reading many keys from a Redis Cluster: one MGET where one slot is promised, one round trip per node otherwise. */
public final class ClusterMultiGet {

    private final RedisClusterClient cluster;

    public ClusterMultiGet(RedisClusterClient cluster) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
    }

    /**
     * The values of {@code keys}, which must share one slot (a common hash tag), in one MGET. Keys that do not exist
     * are left out. Keys in different slots are refused before anything is sent: the server would answer CROSSSLOT.
     */
    public Map<String, String> getAllInOneSlot(List<String> keys) {
        // TODO Task 2: check that every key has the same KeyDesign.slotOf (else an IllegalArgumentException that
        //  names the slots), then one MGET.
        throw new UnsupportedOperationException(
                "TODO Task 2: implement ClusterMultiGet.getAllInOneSlot (docs/16-cluster.md, Task 2)");
    }

    /**
     * The values of {@code keys} from any slots, with one round trip per node. Keys that do not exist are left out.
     */
    public Map<String, String> getAll(Collection<String> keys) {
        // TODO Task 2: send each node the reads of its keys together (cluster.pipelined()), all nodes at once.
        throw new UnsupportedOperationException(
                "TODO Task 2: implement ClusterMultiGet.getAll (docs/16-cluster.md, Task 2)");
    }
}

package learn.redis.cluster;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import redis.clients.jedis.RedisClusterClient;

/** Reading many keys from a Redis Cluster: one MGET where one slot is promised, one round trip per node otherwise. */
public final class ClusterMultiGet {

    private final RedisClusterClient cluster;

    public ClusterMultiGet(RedisClusterClient cluster) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
    }

    // tag::one-slot[]
    /**
     * The values of {@code keys}, which must share one slot (a common hash tag), in one MGET. Keys that do not exist
     * are left out. Keys in different slots are refused before anything is sent: the server would answer CROSSSLOT.
     */
    public Map<String, String> getAllInOneSlot(List<String> keys) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        TreeSet<Integer> slots = new TreeSet<>();
        keys.forEach(key -> slots.add(KeyDesign.slotOf(key)));
        if (slots.size() > 1) {
            throw new IllegalArgumentException("These keys are in slots " + slots + ", and one MGET can only read"
                    + " one slot (Redis would answer CROSSSLOT). Give keys read together a common hash tag,"
                    + " e.g. {user:42}, or use getAll.");
        }
        return present(keys, cluster.mget(keys.toArray(String[]::new)));
    }
    // end::one-slot[]

    // tag::per-node[]
    /**
     * The values of {@code keys} from any slots: a cluster pipeline sends each node the GETs of the keys it serves,
     * all nodes at once, so the cost is one round trip per node instead of one per key (or per slot).
     */
    public Map<String, String> getAll(Collection<String> keys) {
        List<String> ordered = List.copyOf(keys);
        if (ordered.isEmpty()) {
            return Map.of();
        }
        return present(ordered, cluster.mget(ordered.toArray(String[]::new)));
    }
    // end::per-node[]

    private static Map<String, String> present(List<String> keys, List<String> values) {
        Map<String, String> found = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            if (values.get(i) != null) {
                found.put(keys.get(i), values.get(i));
            }
        }
        return found;
    }
}

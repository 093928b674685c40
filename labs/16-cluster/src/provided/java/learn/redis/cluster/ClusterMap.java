package learn.redis.cluster;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A client's picture of a Redis Cluster: which master serves each of the 16384 slots (read once with
 * {@code CLUSTER SLOTS}, then corrected by the caller as MOVED replies arrive), and one plain connection per node.
 * Not thread-safe, like the {@link Jedis} connections it holds.
 */
public final class ClusterMap implements AutoCloseable {

    private final HostAndPort[] owners = new HostAndPort[KeyDesign.SLOTS];
    private final Map<HostAndPort, Jedis> connections = new ConcurrentHashMap<>();

    private ClusterMap() {
    }

    /** Asks {@code seed} which master serves which slots ({@code CLUSTER SLOTS}). */
    public static ClusterMap load(HostAndPort seed) {
        ClusterMap map = new ClusterMap();
        try (Jedis jedis = new Jedis(seed)) {
            // Each entry: [first slot, last slot, [host, port, id] of the master, [replica] ...].
            for (Object entry : jedis.clusterSlots()) {
                List<?> range = (List<?>) entry;
                List<?> master = (List<?>) range.get(2);
                HostAndPort owner = new HostAndPort(new String((byte[]) master.get(0), StandardCharsets.UTF_8),
                        ((Long) master.get(1)).intValue());
                for (long slot = (Long) range.get(0); slot <= (Long) range.get(1); slot++) {
                    map.owners[(int) slot] = owner;
                }
            }
        }
        return map;
    }

    /** The master this map believes serves {@code slot}. */
    public HostAndPort ownerOf(int slot) {
        return owners[slot];
    }

    /** Records that {@code slot} is now served by {@code owner} (what a MOVED reply says). */
    public void update(int slot, HostAndPort owner) {
        owners[slot] = owner;
    }

    /** The connection to {@code node}, opened on first use and kept. */
    public Jedis connection(HostAndPort node) {
        return connections.computeIfAbsent(node, Jedis::new);
    }

    @Override
    public void close() {
        connections.values().forEach(Jedis::close);
        connections.clear();
    }
}

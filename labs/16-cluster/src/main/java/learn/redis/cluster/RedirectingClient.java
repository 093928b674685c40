package learn.redis.cluster;

import java.util.Objects;
import java.util.function.Function;
import redis.clients.jedis.Jedis;

/**
 * What a cluster client does under the hood: send each command to the master its slot map names, and follow the
 * server's redirections while slots move. Built on plain single-node connections ({@link ClusterMap}).
 */
public final class RedirectingClient {

    /** More redirections than this for one command means the slot map and the cluster disagree for good. */
    static final int MAX_REDIRECTS = 5;

    private final ClusterMap map;

    public RedirectingClient(ClusterMap map) {
        this.map = Objects.requireNonNull(map, "map");
    }

    public String get(String key) {
        return execute(key, jedis -> jedis.get(key));
    }

    public void set(String key, String value) {
        execute(key, jedis -> jedis.set(key, value));
    }

    /** Runs {@code command} for {@code key} on the node that serves it, following MOVED and ASK. */
    <T> T execute(String key, Function<Jedis, T> command) {
        // TODO Task 3: run the command on map.connection(map.ownerOf(slot)); on a JedisMovedDataException update
        //  the map and retry at the new owner; on a JedisAskDataException send ASKING and the command to the
        //  target once, leaving the map alone. Give up after MAX_REDIRECTS.
        throw new UnsupportedOperationException(
                "TODO Task 3: implement RedirectingClient.execute (docs/16-cluster.md, Task 3)");
    }
}

package learn.redis.cluster;

import java.util.Objects;
import java.util.function.Function;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisAskDataException;
import redis.clients.jedis.exceptions.JedisMovedDataException;

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

    // tag::execute[]
    /** Runs {@code command} for {@code key} on the node that serves it, following MOVED and ASK. */
    <T> T execute(String key, Function<Jedis, T> command) {
        int slot = KeyDesign.slotOf(key);
        HostAndPort node = map.ownerOf(slot);
        for (int redirects = 0; redirects <= MAX_REDIRECTS; redirects++) {
            try {
                return command.apply(map.connection(node));
            } catch (JedisMovedDataException moved) {
                // The slot has moved for good: remember the new owner, so the next command goes there directly.
                map.update(moved.getSlot(), moved.getTargetNode());
                node = moved.getTargetNode();
            } catch (JedisAskDataException ask) {
                // The slot is moving and this key is already on the target. Ask the target once, flagged with
                // ASKING (without it, the target answers MOVED back to the source), and keep the map as it is:
                // the other keys of the slot are still on the source.
                try (Jedis flag = new Jedis(ask.getTargetNode())) {
                    flag.asking();
                }
                return command.apply(map.connection(ask.getTargetNode()));
            }
        }
        throw new IllegalStateException("Gave up on key '" + key + "' (slot " + slot + ") after " + MAX_REDIRECTS
                + " redirections");
    }
    // end::execute[]
}

package learn.redis.eviction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.LinkedHashMap;
import java.util.Map;
import learn.redis.support.RestartableRedis;
import learn.redis.support.RedisVersion;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/**
 * A server of the test's own ({@link RestartableRedis}), so a test may set {@code maxmemory} and a policy and
 * fill the memory without touching any other test's server, and the facts the tests read from it.
 */
final class OwnRedis implements AutoCloseable {

    private final RestartableRedis server;
    private final RedisClient client;

    OwnRedis(RestartableRedis server) {
        this.server = server;
        this.client = RedisClient.create(server.uri());
    }

    RedisClient client() {
        return client;
    }

    RedisVersion version() {
        return server.version();
    }

    /** The encoding of a small hash: ziplist in Redis 6.2, listpack (its successor) in Redis 7. */
    String compactHashEncoding() {
        return version().isAtLeast(7, 0) ? "listpack" : "ziplist";
    }

    Map<String, String> info(String section) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : client.info(section).split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }

    long stat(String field) {
        return Long.parseLong(info("stats").get(field));
    }

    long usedMemory() {
        return Long.parseLong(info("memory").get("used_memory"));
    }

    /** Writes refused with OOM since the last reset, from {@code INFO errorstats} (Redis 6.2 and later). */
    long oomErrors() {
        String count = info("errorstats").getOrDefault("errorstat_OOM", "count=0");
        return Long.parseLong(count.substring("count=".length()));
    }

    /** How often {@code command} ran since the last reset ({@code INFO commandstats}). */
    long calls(String command) {
        String stats = info("commandstats").getOrDefault("cmdstat_" + command, "calls=0,");
        return Long.parseLong(stats.substring("calls=".length(), stats.indexOf(',')));
    }

    void resetStats() {
        client.executeCommand(new CommandObject<>(
                new CommandArguments(Protocol.Command.CONFIG).add(Protocol.Keyword.RESETSTAT), BuilderFactory.STRING));
    }

    /** {@code maxmemory} = what the server uses now + {@code headroom}, under {@code policy}. */
    void limit(EvictionPolicy policy, long headroom) {
        client.configSet("maxmemory-policy", policy.configName());
        client.configSet("maxmemory", Long.toString(usedMemory() + headroom));
    }

    /**
     * A full server: {@code noeviction} and a {@code maxmemory} of half what it uses now, so every write that could
     * grow memory is refused with OOM, however little it asks (a limit just above the data would let small writes
     * through whenever the server frees a client buffer).
     */
    void makeFull() {
        client.configSet("maxmemory-policy", EvictionPolicy.NOEVICTION.configName());
        client.configSet("maxmemory", Long.toString(usedMemory() / 2));
        assertThat(catchThrowable(() -> client.set("probe", "x"))).as("test set-up: a full server refuses a SET")
                .hasMessageStartingWith("OOM");
    }

    @Override
    public void close() {
        client.close();
    }
}

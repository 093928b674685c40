package learn.redis.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The server's own view of what clients did: lets a test check HOW code talks to Redis.
 *
 * <p>Typical use: {@code stats.reset()}, run the code under test, then {@code stats.calls("incr")}.
 * Counts are server-wide, so reset right before the step being measured. Commands a Lua script runs are counted
 * too, like any other: to tell "inside the script" from "sent on its own", use {@link CommandMonitor}.
 */
public final class RedisStats {

    private static final Set<String> HARNESS = Set.of("info", "hello", "auth", "select");

    private final UnifiedJedis admin;

    RedisStats(UnifiedJedis admin) {
        this.admin = admin;
    }

    UnifiedJedis admin() {
        return admin;
    }

    /** {@code CONFIG RESETSTAT}: zeroes command counts and other statistics. */
    public void reset() {
        // UnifiedJedis has no CONFIG RESETSTAT method of its own.
        admin.executeCommand(new CommandObject<>(
                new CommandArguments(Protocol.Command.CONFIG).add(Protocol.Keyword.RESETSTAT), BuilderFactory.STRING));
    }

    /**
     * How often a command ran since the last {@link #reset()}, from {@code INFO commandstats}. Subcommands are
     * named as Redis 7 names them, e.g. {@code "client|list"}; a command that never ran counts 0.
     */
    public long calls(String command) {
        return commandCalls().getOrDefault(command.toLowerCase(Locale.ROOT), 0L);
    }

    /** Every command that ran since the last {@link #reset()}, with its count (lower-case names). */
    public Map<String, Long> commandCalls() {
        Map<String, Long> calls = new LinkedHashMap<>();
        info("commandstats").forEach((name, value) -> {
            // cmdstat_incr:calls=3,usec=12,usec_per_call=4.00,...
            String command = name.substring("cmdstat_".length());
            String count = value.substring("calls=".length(), value.indexOf(','));
            calls.put(command, Long.parseLong(count));
        });
        return calls;
    }

    /**
     * Socket reads the server made since the last {@link #reset()} ({@code total_reads_processed}, all clients
     * together, this call's own INFO included). Each round trip costs the server at least one read, while a pipeline
     * of a hundred commands costs a handful: a test can tell "sent together" from "one by one".
     */
    public long readsProcessed() {
        return Long.parseLong(info("stats").get("total_reads_processed"));
    }

    /**
     * {@link #commandCalls()} without what the test harness and connection set-up send ({@code INFO},
     * {@code CONFIG}, {@code HELLO}, {@code AUTH}, {@code SELECT},
     * {@code CLIENT ...}): the commands the code under test chose, for assertions such as "nothing reached Redis".
     */
    public Map<String, Long> applicationCalls() {
        Map<String, Long> calls = commandCalls();
        calls.keySet().removeIf(command -> HARNESS.contains(command) || command.startsWith("config")
                || command.startsWith("client"));
        return calls;
    }

    /** Every key in the test's database, found with SCAN (never KEYS): read the counts you need before. */
    public List<String> allKeys() {
        List<String> keys = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = admin.scan(cursor, new ScanParams().count(1000));
            keys.addAll(page.getResult());
            cursor = page.getCursor();
        } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        return keys;
    }

    /** Clients blocked in BLPOP, BRPOP, BLMOVE, BZPOPMIN, WAIT, ... right now ({@code INFO clients}). */
    public long blockedClients() {
        return Long.parseLong(info("clients").get("blocked_clients"));
    }

    /**
     * Closes the connections of clients blocked right now (flag {@code b} in {@code CLIENT LIST}): what a failed
     * test leaves behind when its consumer waits in BRPOP forever. Their callers get a connection error.
     */
    void disconnectBlockedClients() {
        clientsFlagged('b').forEach(this::disconnectClient);
    }

    /**
     * The ids of the client connections whose {@code CLIENT LIST} flags contain {@code flag} right now, e.g.
     * {@code 'b'} blocked, {@code 't'} key tracking on, {@code 'B'} broadcast tracking, {@code 'P'} subscriber.
     */
    public List<String> clientsFlagged(char flag) {
        String list = admin.executeCommand(new CommandObject<>(
                new CommandArguments(Protocol.Command.CLIENT).add(Protocol.Keyword.LIST), BuilderFactory.STRING));
        List<String> ids = new ArrayList<>();
        for (String client : list.split("\r?\n")) {
            String id = field(client, "id");
            String flags = field(client, "flags");
            if (id != null && flags != null && flags.indexOf(flag) >= 0) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** {@code CLIENT KILL ID id}: closes that client's connection, as a network failure would. */
    public void disconnectClient(String id) {
        admin.executeCommand(new CommandObject<>(new CommandArguments(Protocol.Command.CLIENT)
                .add(Protocol.Keyword.KILL).add(Protocol.Keyword.ID).add(id), BuilderFactory.LONG));
    }

    private static String field(String clientLine, String name) {
        for (String pair : clientLine.split(" ")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }

    /** Client connections open right now, including the test's own admin connection. */
    public long connectedClients() {
        return Long.parseLong(info("clients").get("connected_clients"));
    }

    /** One {@code INFO} section as field to value, e.g. {@code info("persistence").get("aof_enabled")}. */
    public Map<String, String> info(String section) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : admin.info(section).split("\r?\n")) {
            int colon = line.indexOf(':');
            if (!line.startsWith("#") && colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }
}

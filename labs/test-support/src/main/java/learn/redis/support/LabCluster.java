package learn.redis.support;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;

/**
 * A real Redis Cluster of this run: {@code redis-server} processes started from the same binaries as the run's
 * single server (each a {@link RestartableRedis}: own free port, own temp directory, recorded for cleanup after a
 * killed JVM), joined from Java with {@code CLUSTER MEET}, {@code CLUSTER ADDSLOTS} and {@code CLUSTER REPLICATE}
 * (the embedded binary comes without {@code redis-cli}).
 *
 * <p>Tests get it (and cluster clients pointing at it) as parameters of a {@link RedisLab} test. It is started once
 * per run; after every test the extension {@link #settle() settles} it: crashed nodes are started again (a crashed
 * master comes back as a replica of the node that replaced it), cut replication links restored, half-done slot
 * migrations closed, and every key removed. Which node is a master may therefore change from test to test: ask
 * {@link #masterOf(int)}, never remember ports.
 */
public final class LabCluster implements AutoCloseable {

    /** Slots of a Redis Cluster: a key's slot is CRC16(key or its hash tag) mod 16384. */
    public static final int SLOTS = 16384;

    static final List<String> NODE_CONFIG = List.of(
            "cluster-enabled yes",
            "cluster-config-file nodes.conf",
            // Long enough that a busy machine never makes nodes suspect each other; tests that kill a master promote
            // its replica themselves (CLUSTER FAILOVER FORCE) instead of waiting for the timeout.
            "cluster-node-timeout 5000",
            // A replica syncs at once (Redis 7 waits 5 s for more replicas to share one transfer by default).
            "repl-diskless-sync-delay 0",
            // A replica whose link was cut on purpose may still be promoted: the lesson is what it then lacks.
            "cluster-replica-validity-factor 0");

    private static final Duration STABLE_TIMEOUT = Duration.ofSeconds(20);

    private final List<Node> nodes;
    private final String source;

    private LabCluster(List<Node> nodes, String source) {
        this.nodes = List.copyOf(nodes);
        this.source = source;
    }

    /** Starts {@code masters} masters with {@code replicasPerMaster} replicas each and waits for cluster_state:ok. */
    static LabCluster start(LocalBinaries binaries, Provider provider, int masters, int replicasPerMaster) {
        if (masters < 3) {
            throw new IllegalArgumentException("A Redis Cluster needs at least 3 masters to elect a replacement, not "
                    + masters);
        }
        List<Node> nodes = new ArrayList<>();
        try {
            // Started side by side: one by one, six processes cost seconds on a busy machine.
            List<CompletableFuture<Node>> starting = IntStream.range(0, masters * (1 + replicasPerMaster))
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> new Node(binaries.start(provider, NODE_CONFIG))))
                    .toList();
            RuntimeException failure = null;
            for (CompletableFuture<Node> node : starting) {
                try {
                    nodes.add(node.join());
                } catch (CompletionException e) {
                    failure = e.getCause() instanceof RuntimeException cause ? cause : e;
                }
            }
            if (failure != null) {
                throw failure;
            }
            LabCluster cluster = new LabCluster(nodes, provider.label());
            cluster.form(masters, replicasPerMaster);
            return cluster;
        } catch (RuntimeException e) {
            nodes.forEach(Node::close);
            throw e;
        }
    }

    private void form(int masters, int replicasPerMaster) {
        for (int i = 0; i < masters; i++) {
            Node master = nodes.get(i);
            // Distinct epochs up front, as redis-cli --cluster create does, instead of waiting for collisions.
            master.command("CLUSTER", "SET-CONFIG-EPOCH", Integer.toString(i + 1));
            int from = i * SLOTS / masters;
            int to = (i + 1) * SLOTS / masters;
            List<String> addSlots = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
            for (int slot = from; slot < to; slot++) {
                addSlots.add(Integer.toString(slot));
            }
            master.command(addSlots.toArray(String[]::new));
        }
        Node first = nodes.get(0);
        for (Node other : nodes.subList(1, nodes.size())) {
            first.command("CLUSTER", "MEET", "127.0.0.1", Integer.toString(other.port()));
        }
        for (int i = masters; i < nodes.size(); i++) {
            Node replica = nodes.get(i);
            String masterId = nodes.get((i - masters) % masters).id();
            // The replica must have heard of its master through gossip first.
            await("node " + replica + " to know its master", () -> replica.send("CLUSTER", "REPLICATE", masterId)
                    .startsWith("+OK"));
        }
        awaitStable();
    }

    /** Every node, masters and replicas, in the order they were started. */
    public List<Node> nodes() {
        return nodes;
    }

    /** The masters that serve slots right now, as the cluster sees them. */
    public List<Node> masters() {
        return view().values().stream().filter(line -> line.isMaster() && !line.slots().isEmpty())
                .map(line -> node(line.port())).sorted(Comparator.comparingInt(Node::port)).toList();
    }

    /** The master that serves {@code slot} right now. */
    public Node masterOf(int slot) {
        checkSlot(slot);
        return view().values().stream().filter(line -> line.isMaster() && line.serves(slot)).findFirst()
                .map(line -> node(line.port()))
                .orElseThrow(() -> new IllegalStateException("No master serves slot " + slot));
    }

    /** The master of every slot right now, indexed by slot: for counting where many keys land. */
    public List<Node> slotOwners() {
        Node[] owners = new Node[SLOTS];
        for (NodeLine line : view().values()) {
            if (line.isMaster()) {
                for (int slot = 0; slot < SLOTS; slot++) {
                    if (owners[slot] == null && line.serves(slot)) {
                        owners[slot] = node(line.port());
                    }
                }
            }
        }
        return Arrays.asList(owners);
    }

    /** The master that serves {@code key} right now. */
    public Node masterOf(String key) {
        return masterOf(slot(key));
    }

    /** The replicas of {@code master} right now. */
    public List<Node> replicasOf(Node master) {
        return view().values().stream().filter(line -> master.id().equals(line.masterId()))
                .map(line -> node(line.port())).toList();
    }

    /** {@code CLUSTER KEYSLOT key}, as the server computes it. */
    public int slot(String key) {
        return Integer.parseInt(anyRunning().command("CLUSTER", "KEYSLOT", key).substring(1).strip());
    }

    /** Where a client can start: every node's address. */
    public List<URI> uris() {
        return nodes.stream().map(Node::uri).toList();
    }

    /** The version every node runs. */
    public RedisVersion version() {
        return nodes.get(0).server.version();
    }

    /** One line for output, e.g. "Redis Cluster 6.2.11 (embedded binary), 3 masters, ports 31001-31006". */
    public String describe() {
        return "Redis Cluster " + version() + " (" + source + "), " + masters().size() + " masters, ports "
                + nodes.stream().map(n -> Integer.toString(n.port())).collect(Collectors.joining(","));
    }

    /**
     * Starts moving {@code slot} from its master to {@code target}, as {@code redis-cli --cluster reshard} does:
     * {@code CLUSTER SETSLOT IMPORTING} on the target, {@code MIGRATING} on the source. Then move keys with
     * {@link SlotMigration#moveKeys} and end with {@link SlotMigration#finish}.
     */
    public SlotMigration startMigration(int slot, Node target) {
        Node source = masterOf(slot);
        if (source.equals(target)) {
            throw new IllegalArgumentException("Slot " + slot + " already lives on " + target);
        }
        target.command("CLUSTER", "SETSLOT", Integer.toString(slot), "IMPORTING", source.id());
        source.command("CLUSTER", "SETSLOT", Integer.toString(slot), "MIGRATING", target.id());
        return new SlotMigration(slot, source, target);
    }

    /**
     * Cuts the replication link of {@code replica} so that writes to its master no longer reach it: the replica's
     * link is closed and, until {@link #restoreReplication}, every attempt to re-sync is refused (it authenticates
     * with a password its master does not have). Master and replica stay up and part of the cluster.
     */
    public void cutReplication(Node replica) {
        Node master = masterOfReplica(replica);
        replica.command("CONFIG", "SET", "masterauth", "cut-by-test-" + UUID.randomUUID());
        replica.command("CLIENT", "KILL", "TYPE", "master");
        await("master " + master + " to lose replica " + replica, () -> !master.info("replication")
                .contains("port=" + replica.port() + ","));
    }

    /** Lets {@code replica} sync again and waits until its link is up. */
    public void restoreReplication(Node replica) {
        replica.command("CONFIG", "SET", "masterauth", "");
        await("replica " + replica + " to sync again", () -> replica.info("replication")
                .contains("master_link_status:up"));
    }

    /**
     * {@code CLUSTER FAILOVER FORCE} on {@code replica}: it takes over its master's slots with the votes of the other
     * masters, without waiting for its master (which may be dead) or for the node timeout. Returns once the
     * cluster agrees.
     */
    public void promote(Node replica) {
        replica.command("CLUSTER", "FAILOVER", "FORCE");
        await("replica " + replica + " to be promoted", replica::isMasterNow);
        awaitStable();
    }

    /**
     * Brings the cluster back to a usable state after a test: crashed nodes started again, replication restored,
     * open slot migrations closed, every key removed. Called by the extension after each test.
     */
    public void settle() {
        for (Node node : nodes) {
            if (!node.isRunning()) {
                node.start();
            }
        }
        for (Node node : nodes) {
            node.command("CONFIG", "SET", "masterauth", "");
            for (String line : node.command("CLUSTER", "NODES").split("\n")) {
                if (line.contains("myself")) {
                    // Open migrations show as [slot->-id] or [slot-<-id] on the node's own line.
                    for (String part : line.strip().split(" ")) {
                        if (part.startsWith("[")) {
                            String slot = part.substring(1, part.indexOf('-'));
                            node.command("CLUSTER", "SETSLOT", slot, "STABLE");
                        }
                    }
                }
            }
        }
        awaitStable();
        flushAll();
    }

    /** {@code FLUSHALL} on every master; replicas follow through replication. */
    public void flushAll() {
        for (Node master : masters()) {
            master.command("FLUSHALL");
        }
        for (Node master : masters()) {
            // Replicas must be empty too before the next test reads from them.
            master.command("WAIT", Integer.toString(replicasOf(master).size()), "5000");
        }
    }

    /**
     * Waits until every running node reports cluster_state:ok, all of them agree on which master serves which
     * slots and which replica follows which master, no running node is flagged failing, and every running
     * replica's link is up.
     */
    public void awaitStable() {
        await("the cluster on ports " + ports() + " to reach cluster_state:ok", this::isStable);
    }

    private boolean isStable() {
        Map<String, String> agreedRoles = null;
        for (Node node : nodes) {
            if (!node.isRunning()) {
                continue;
            }
            if (!node.command("CLUSTER", "INFO").contains("cluster_state:ok")) {
                return false;
            }
            Map<String, NodeLine> view = viewOf(node);
            for (NodeLine line : view.values()) {
                if (node(line.port()).isRunning() && (line.flags().contains("fail") || line.flags()
                        .contains("handshake") || line.flags().contains("noaddr"))) {
                    return false;
                }
            }
            if (view.values().stream().filter(l -> node(l.port()).isRunning()).count() != nodes.stream()
                    .filter(Node::isRunning).count()) {
                return false;
            }
            // Who serves which slots, and who replicates whom: the same in every running node's view.
            Map<String, String> slots = new TreeMap<>();
            view.values().stream().filter(l -> node(l.port()).isRunning())
                    .forEach(l -> slots.put(l.id(), l.isMaster() ? String.join(",", l.slots()) : "of " + l.masterId()));
            if (agreedRoles != null && !agreedRoles.equals(slots)) {
                return false;
            }
            agreedRoles = slots;
            String replication = node.info("replication");
            if (replication.contains("role:slave") && !replication.contains("master_link_status:up")) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        nodes.forEach(Node::close);
    }

    private String ports() {
        return nodes.stream().map(n -> Integer.toString(n.port())).collect(Collectors.joining(","));
    }

    private Node masterOfReplica(Node replica) {
        NodeLine line = view().get(replica.id());
        if (line == null || line.masterId() == null) {
            throw new IllegalArgumentException(replica + " is not a replica");
        }
        return view().values().stream().filter(l -> l.id().equals(line.masterId())).findFirst()
                .map(l -> node(l.port())).orElseThrow();
    }

    private Node node(int port) {
        return nodes.stream().filter(n -> n.port() == port).findFirst()
                .orElseThrow(() -> new IllegalStateException("No node of this cluster on port " + port));
    }

    private Node anyRunning() {
        return nodes.stream().filter(Node::isRunning).findFirst()
                .orElseThrow(() -> new IllegalStateException("No node of the cluster runs"));
    }

    private Map<String, NodeLine> view() {
        return viewOf(anyRunning());
    }

    private static Map<String, NodeLine> viewOf(Node node) {
        Map<String, NodeLine> lines = new LinkedHashMap<>();
        for (String text : node.command("CLUSTER", "NODES").split("\n")) {
            if (!text.isBlank() && !text.startsWith("$")) {
                NodeLine line = NodeLine.parse(text.strip());
                lines.put(line.id(), line);
            }
        }
        return lines;
    }

    private void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + STABLE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // A node still starting or a view still changing: look again shortly.
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        StringBuilder state = new StringBuilder("Timed out after " + STABLE_TIMEOUT.toSeconds() + " s waiting for "
                + what + ".");
        for (Node node : nodes) {
            state.append("\n--- node ").append(node).append(node.isRunning() ? "" : " (not running)");
            if (node.isRunning()) {
                state.append(", its CLUSTER NODES:\n").append(node.send("CLUSTER", "NODES").strip());
            }
            state.append("\nIts log ends with:\n").append(node.server.logTail());
        }
        throw new IllegalStateException(state.toString());
    }

    private static void checkSlot(int slot) {
        if (slot < 0 || slot >= SLOTS) {
            throw new IllegalArgumentException("A slot is 0.." + (SLOTS - 1) + ", not " + slot);
        }
    }

    /** One line of {@code CLUSTER NODES}: id, address, flags, master id (or -), ..., slot ranges. */
    private record NodeLine(String id, int port, String flags, String masterId, List<String> slots) {

        static NodeLine parse(String text) {
            String[] parts = text.split(" ");
            String address = parts[1]; // 127.0.0.1:30001@40001
            int port = Integer.parseInt(address.substring(address.indexOf(':') + 1, address.indexOf('@')));
            List<String> slots = Arrays.stream(parts).skip(8).filter(p -> !p.startsWith("[")).toList();
            return new NodeLine(parts[0], port, parts[2], "-".equals(parts[3]) ? null : parts[3], slots);
        }

        boolean isMaster() {
            return flags.contains("master") && !flags.contains("fail");
        }

        boolean serves(int slot) {
            for (String range : slots) {
                int dash = range.indexOf('-');
                int from = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
                int to = dash < 0 ? from : Integer.parseInt(range.substring(dash + 1));
                if (slot >= from && slot <= to) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A slot on its way from one master to another; see {@link LabCluster#startMigration}. */
    public static final class SlotMigration {

        private final int slot;
        private final Node source;
        private final Node target;

        private SlotMigration(int slot, Node source, Node target) {
            this.slot = slot;
            this.source = source;
            this.target = target;
        }

        public Node source() {
            return source;
        }

        public Node target() {
            return target;
        }

        /** Moves up to {@code count} of the slot's keys still on the source ({@code MIGRATE ... KEYS}); returns how
         * many it moved. */
        public int moveKeys(int count) {
            List<String> keys = source.keysInSlot(slot, count);
            if (!keys.isEmpty()) {
                List<String> migrate = new ArrayList<>(List.of("MIGRATE", "127.0.0.1", Integer.toString(target.port()),
                        "", "0", "5000", "KEYS"));
                migrate.addAll(keys);
                source.command(migrate.toArray(String[]::new));
            }
            return keys.size();
        }

        /** {@code MIGRATE} one key of the slot (which must still be on the source). */
        public void moveKey(String key) {
            source.command("MIGRATE", "127.0.0.1", Integer.toString(target.port()), key, "0", "5000");
        }

        /** {@code CLUSTER SETSLOT slot NODE target} on the target, the source and every other master. */
        public void finish(LabCluster cluster) {
            String slotText = Integer.toString(slot);
            target.command("CLUSTER", "SETSLOT", slotText, "NODE", target.id());
            source.command("CLUSTER", "SETSLOT", slotText, "NODE", target.id());
            for (Node master : cluster.masters()) {
                if (!master.equals(source) && !master.equals(target)) {
                    master.command("CLUSTER", "SETSLOT", slotText, "NODE", target.id());
                }
            }
            cluster.awaitStable();
        }
    }

    /** One node of the cluster: a {@link RestartableRedis} with a cluster config. */
    public static final class Node {

        private final RestartableRedis server;
        private final String id;
        private RedisClient admin;

        private Node(RestartableRedis server) {
            this.server = server;
            this.id = server.send("CLUSTER", "MYID").lines().skip(1).findFirst().orElseThrow().strip();
        }

        /** The node's id in the cluster (40 hex digits), kept across restarts in its nodes.conf. */
        public String id() {
            return id;
        }

        public int port() {
            return server.port();
        }

        public URI uri() {
            return server.uri();
        }

        public boolean isRunning() {
            return server.isRunning();
        }

        /** Kills the process at once (SIGKILL): nothing it has not yet sent to a replica survives. */
        public void crash() {
            server.crash();
        }

        /** Starts it again on the same port and directory; it rejoins the cluster from its nodes.conf. */
        public synchronized void start() {
            server.start();
            closeAdmin();
        }

        /** The node's own counters ({@code INFO commandstats}, {@code total_reads_processed}). */
        public synchronized RedisStats stats() {
            if (admin == null) {
                admin = RedisClient.create(uri());
            }
            return new RedisStats(admin);
        }

        /** A MONITOR of this node (every command, and which client sent it); the caller closes it. */
        public CommandMonitor monitor() {
            return CommandMonitor.start(uri());
        }

        /** Sends one command to this node and returns the raw RESP reply, e.g. "+OK" or "-CROSSSLOT ...". */
        public String send(String... command) {
            return server.send(command);
        }

        /** {@link #send}, failing with the node and the command named when Redis answers with an error. */
        String command(String... command) {
            String reply = send(command);
            if (reply.startsWith("-")) {
                throw new IllegalStateException("Node " + this + " refused " + String.join(" ", Arrays.asList(command)
                        .subList(0, Math.min(command.length, 6))) + ": " + reply.strip());
            }
            return reply;
        }

        String info(String section) {
            return command("INFO", section);
        }

        boolean isMasterNow() {
            return info("replication").contains("role:master");
        }

        @SuppressWarnings("unchecked")
        List<String> keysInSlot(int slot, int count) {
            Object reply = stats().admin().sendCommand(Protocol.Command.CLUSTER, "GETKEYSINSLOT",
                    Integer.toString(slot), Integer.toString(count));
            return ((List<byte[]>) reply).stream().map(key -> new String(key, StandardCharsets.UTF_8)).toList();
        }

        private synchronized void closeAdmin() {
            if (admin != null) {
                admin.close();
                admin = null;
            }
        }

        void close() {
            closeAdmin();
            server.close();
        }

        @Override
        public String toString() {
            return "127.0.0.1:" + port();
        }
    }
}

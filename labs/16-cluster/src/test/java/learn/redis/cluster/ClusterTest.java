package learn.redis.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import learn.redis.support.CommandMonitor;
import learn.redis.support.LabCluster;
import learn.redis.support.RedisLab;
import learn.redis.support.Task;
import learn.redis.support.Todo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClusterClient;

/**
 * Lab 16. Every test runs against a real Redis Cluster of three masters with one replica each ({@link LabCluster}):
 * {@code cluster} moves slots, cuts replication and kills masters; {@code jedis} is a ready cluster client.
 * After each test the cluster is whole and empty again, but which node is a master may have changed: tests ask.
 */
@RedisLab
@Timeout(60) // the first test also waits for the cluster to form
@DisplayName("Lab 16 · Redis Cluster: slots, cross-slot reads, resharding, failover")
class ClusterTest {

    LabCluster cluster;
    RedisClusterClient jedis;

    @BeforeEach
    void setUp(LabCluster cluster, RedisClusterClient jedis) {
        this.cluster = cluster;
        this.jedis = jedis;
    }

    /** How many of {@code keys} land on each master, from the cluster's own slot map. */
    private Map<LabCluster.Node, Long> spread(List<String> keys) {
        List<LabCluster.Node> owners = cluster.slotOwners();
        return keys.stream().collect(Collectors.groupingBy(key -> owners.get(cluster.slot(key)),
                LinkedHashMap::new, Collectors.counting()));
    }

    private static List<String> users(int count, Function<String, String> key) {
        return IntStream.range(0, count).mapToObj(i -> key.apply("u" + i)).toList();
    }

    private void assertSpread(List<String> keys, String what) {
        Map<LabCluster.Node, Long> spread = spread(keys);
        assertThat(spread.keySet())
                .as("%s of %d different ids landed on %d of the 3 masters %s: is the hash tag a constant (like"
                        + " {sessions})? Tag each key with its own entity's id, e.g. {user:42}", what, keys.size(),
                        spread.size(), spread)
                .hasSize(3);
        assertThat(spread.values())
                .as("%s per master %s: one master holds far more than its share; the tag should vary per entity",
                        what, spread)
                .allSatisfy(count -> assertThat(count).isGreaterThan(keys.size() / 5L));
    }

    private Throwable refusal(Runnable call) {
        return Todo.surfacing(catchThrowable(call::run));
    }

    @Nested
    @Task(1)
    @DisplayName("Task 1: keys to slots, and key designs that keep related keys together")
    class Task1_KeysToSlots {

        @Test
        @DisplayName("the hashed part is what lies between the first '{' and the next '}', if that is not empty")
        void hashedPart() {
            Map<String, String> cases = new LinkedHashMap<>();
            cases.put("user:42", "user:42");
            cases.put("{user:42}:profile", "user:42");
            cases.put("session:{user:42}:abc", "user:42");
            cases.put("foo{bar}{zap}", "bar");
            cases.put("foo{}{bar}", "foo{}{bar}");
            cases.put("foo{{bar}}zap", "{bar");
            cases.put("x}{y}", "y");
            cases.put("a{b", "a{b");
            cases.put("{}", "{}");
            cases.forEach((key, expected) -> assertThat(KeyDesign.hashedPart(key))
                    .as("hashed part of '%s': only the FIRST '{' counts, the tag ends at the first '}' after it,"
                            + " and an empty tag {} means the whole key is hashed", key)
                    .isEqualTo(expected));
        }

        @Test
        @DisplayName("slotOf gives the same slot as the server's CLUSTER KEYSLOT, tricky keys and UTF-8 included")
        void slotOfMatchesTheServer() {
            List<String> keys = new ArrayList<>(List.of("user:42", "{user:42}:profile", "foo{}{bar}",
                    "foo{{bar}}zap", "x}{y}", "café:{ü}", "", "{}"));
            IntStream.range(0, 50).forEach(i -> keys.add("item:" + i));
            for (String key : keys) {
                assertThat(KeyDesign.slotOf(key))
                        .as("slot of '%s' (CLUSTER KEYSLOT says %d): CRC16 of the hashed part's UTF-8 bytes,"
                                + " mod 16384", key, cluster.slot(key))
                        .isEqualTo(cluster.slot(key));
            }
        }

        @Test
        @DisplayName("a user's sessions and their index share a slot, so one script can write them together")
        void sessionAndIndexTogether() {
            for (String user : List.of("u1", "u2", "alice")) {
                assertThat(List.of(KeyDesign.slotOf(KeyDesign.sessionKey(user, "s1")),
                        KeyDesign.slotOf(KeyDesign.sessionKey(user, "s2"))))
                        .as("slots of %s's sessions and of their index %s: tag them all with the user, e.g."
                                + " session:{user:42}:s1 and sessions:{user:42}", user,
                                KeyDesign.userSessionsKey(user))
                        .containsOnly(KeyDesign.slotOf(KeyDesign.userSessionsKey(user)));
            }
            String session = KeyDesign.sessionKey("u1", "s1");
            String index = KeyDesign.userSessionsKey("u1");
            Throwable crossSlot = catchThrowable(() -> jedis.eval(
                    "redis.call('SET', KEYS[1], 'data'); return redis.call('SADD', KEYS[2], ARGV[1])", 2, session,
                    index, "s1"));
            assertThat(crossSlot).as("a script writing %s and %s on the cluster: CROSSSLOT means they are in"
                    + " different slots", session, index).isNull();
            assertThat(jedis.smembers(index)).containsExactly("s1");
        }

        @Test
        @DisplayName("sessions, locks and rate counters of many ids spread over all three masters")
        void keysSpreadOverEveryMaster() {
            assertSpread(users(300, user -> KeyDesign.sessionKey(user, "s1")), "sessions");
            assertSpread(users(300, KeyDesign::userSessionsKey), "session indexes");
            assertSpread(users(300, KeyDesign::lockKey), "locks");
            assertSpread(users(300, client -> KeyDesign.rateKey(client, "minute")), "rate counters");
        }

        @Test
        @DisplayName("a lock and its fence share a slot, and so do a client's rate windows")
        void lockFenceAndRateWindowsTogether() {
            for (String id : List.of("order:7", "report", "u9")) {
                assertThat(KeyDesign.slotOf(KeyDesign.fenceKey(id)))
                        .as("lock %s and fence %s: lab 10's acquire script touches both, so on a cluster they need"
                                + " the same tag", KeyDesign.lockKey(id), KeyDesign.fenceKey(id))
                        .isEqualTo(KeyDesign.slotOf(KeyDesign.lockKey(id)));
                assertThat(KeyDesign.slotOf(KeyDesign.rateKey(id, "hour")))
                        .as("a client's minute and hour counters are updated in one MULTI: same tag, the client's id")
                        .isEqualTo(KeyDesign.slotOf(KeyDesign.rateKey(id, "minute")));
            }
            assertThat(KeyDesign.lockKey("a")).as("different resources must be different locks")
                    .isNotEqualTo(KeyDesign.lockKey("b"));
            assertThat(KeyDesign.fenceKey("a")).as("a lock and its fence are two keys")
                    .isNotEqualTo(KeyDesign.lockKey("a"));
        }

        @Test
        @DisplayName("ids with a brace, or blank ids, are refused: a brace would move the key to another slot")
        void badIdsAreRefused() {
            assertThat(refusal(() -> KeyDesign.sessionKey("a}b", "s1")))
                    .as("user id 'a}b' ends the tag early ({user:a}): refuse it with an IllegalArgumentException")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(refusal(() -> KeyDesign.lockKey("{x}")))
                    .as("resource '{x}' holds braces: refuse it").isInstanceOf(IllegalArgumentException.class);
            assertThat(refusal(() -> KeyDesign.rateKey(" ", "minute")))
                    .as("a blank client id: refuse it").isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @Task(2)
    @DisplayName("Task 2: reading many keys across slots")
    class Task2_CrossSlot {

        @Test
        @DisplayName("keys with one hash tag are read with a single MGET")
        void oneSlotOneMget() {
            List<String> keys = IntStream.range(0, 5).mapToObj(i -> "cart:{user:7}:" + i).toList();
            keys.forEach(key -> jedis.set(key, "v-" + key));
            LabCluster.Node owner = cluster.masterOf(keys.get(0));
            cluster.masters().forEach(master -> master.stats().reset());

            List<String> asked = new ArrayList<>(keys);
            asked.add("cart:{user:7}:missing");
            Map<String, String> values = new ClusterMultiGet(jedis).getAllInOneSlot(asked);

            assertThat(values).as("values of the five keys; a missing key is left out")
                    .containsExactlyInAnyOrderEntriesOf(keys.stream()
                            .collect(Collectors.toMap(key -> key, key -> "v-" + key)));
            assertThat(owner.stats().calls("mget")).as("MGETs on the master of {user:7}: one for all keys")
                    .isEqualTo(1);
            assertThat(owner.stats().calls("get")).as("single GETs: one MGET replaces them").isZero();
        }

        @Test
        @DisplayName("keys of different slots are refused before anything is sent (the server says CROSSSLOT)")
        void mixedSlotsRefused() {
            LabCluster.Node owner = cluster.masterOf("a");
            assertThat(owner.send("MGET", "a", "b"))
                    .as("what the server itself answers to MGET a b (slots %d and %d)", cluster.slot("a"),
                            cluster.slot("b"))
                    .startsWith(cluster.slot("a") == cluster.slot("b") ? "*" : "-CROSSSLOT");
            List<String> keys = List.of("user:1", "user:2");
            cluster.masters().forEach(master -> master.stats().reset());

            Throwable refused = refusal(() -> new ClusterMultiGet(jedis).getAllInOneSlot(keys));

            assertThat(refused).as("getAllInOneSlot(%s): these keys have no common hash tag, so they are in slots"
                    + " %d and %d; refuse with an IllegalArgumentException", keys, cluster.slot("user:1"),
                    cluster.slot("user:2")).isInstanceOf(IllegalArgumentException.class);
            assertThat(refused.getMessage()).as("the message should name the slots, so the caller sees why")
                    .contains(Integer.toString(cluster.slot("user:1")), Integer.toString(cluster.slot("user:2")));
            assertThat(cluster.masters()).as("MGETs sent: check the slots before sending anything")
                    .allSatisfy(master -> assertThat(master.stats().calls("mget")).isZero());
        }

        @Test
        @DisplayName("keys from all over the cluster are read with one round trip per node")
        void oneRoundTripPerNode() {
            List<String> keys = IntStream.range(0, 60).mapToObj(i -> "item:" + i).toList();
            keys.forEach(key -> jedis.set(key, key.toUpperCase()));
            ClusterMultiGet reader = new ClusterMultiGet(jedis);
            reader.getAll(List.of("warm:1", "warm:2", "warm:3", "warm:4")); // connections opened beforehand
            List<LabCluster.Node> masters = cluster.masters();
            masters.forEach(master -> master.stats().reset());

            Map<String, String> values = reader.getAll(keys);

            for (LabCluster.Node master : masters) {
                // Less this INFO's own read, and the replica's REPLCONF ACKs (one a second) that the master reads too.
                long reads = master.stats().readsProcessed() - 1 - master.stats().calls("replconf");
                long commands = master.stats().calls("get") + master.stats().calls("mget");
                assertThat(reads).as("socket reads on master %s, which holds about 20 of the keys and ran %d"
                        + " GET/MGET: one round trip per node is one or two reads; one per key (a GET loop) or per"
                        + " slot (one MGET per slot, which the client's own mget does) costs about 20", master,
                        commands).isLessThanOrEqualTo(2);
            }
            assertThat(values).as("every value").hasSize(60).containsEntry("item:42", "ITEM:42");
        }

        @Test
        @DisplayName("missing keys are left out, and an empty list sends nothing")
        void missingAndEmpty() {
            jedis.set("here", "1");
            cluster.masters().forEach(master -> master.stats().reset());

            assertThat(new ClusterMultiGet(jedis).getAll(List.of())).as("nothing asked, nothing found").isEmpty();
            assertThat(cluster.masters()).as("reads sent for an empty list")
                    .allSatisfy(master -> assertThat(master.stats().calls("get") + master.stats().calls("mget"))
                            .isZero());
            assertThat(new ClusterMultiGet(jedis).getAll(List.of("here", "not-here")))
                    .as("a key that does not exist is left out of the map, not mapped to null")
                    .containsExactly(Map.entry("here", "1"));
        }
    }

    @Nested
    @Task(3)
    @DisplayName("Task 3: following MOVED and ASK while a slot moves")
    class Task3_Resharding {

        private static final String TAG = "{moving}";

        private int slot() {
            return cluster.slot(TAG);
        }

        private LabCluster.Node otherMaster() {
            LabCluster.Node owner = cluster.masterOf(slot());
            return cluster.masters().stream().filter(master -> !master.equals(owner)).findFirst().orElseThrow();
        }

        private ClusterMap mapOfNow() {
            return ClusterMap.load(hostAndPort(cluster.masters().get(0)));
        }

        private HostAndPort hostAndPort(LabCluster.Node node) {
            return new HostAndPort(node.uri().getHost(), node.port());
        }

        /**
         * Runs a command that meets ASK; if it fails, says why it most likely did: without ASKING first the target
         * answers MOVED back to the source, which answers ASK again, until the client gives up.
         */
        private <T> T followingAsk(Supplier<T> command, String what) {
            List<T> result = new ArrayList<>(1);
            Throwable failure = Todo.surfacing(catchThrowable(() -> result.add(command.get())));
            assertThat(failure).as("%s during a migration failed: the source answered ASK, and the command sent to"
                    + " the target failed or bounced back. Did you send ASKING to the target, on the same"
                    + " connection, right before the command? Without ASKING the importing node answers MOVED back"
                    + " to the source, which answers ASK again", what).isNull();
            return result.get(0);
        }

        @Test
        @DisplayName("after MOVED the map names the new owner, and the next command goes there directly")
        void movedUpdatesTheMap() {
            jedis.set(TAG + ":1", "one");
            try (ClusterMap map = mapOfNow()) {
                LabCluster.Node target = otherMaster();
                LabCluster.SlotMigration migration = cluster.startMigration(slot(), target);
                migration.moveKeys(100);
                migration.finish(cluster);
                RedirectingClient client = new RedirectingClient(map);

                assertThat(client.get(TAG + ":1")).as("GET after the slot moved: follow the MOVED reply")
                        .isEqualTo("one");
                assertThat(map.ownerOf(slot())).as("the map's owner of slot %d after a MOVED reply named %s: update"
                        + " it, or every later command pays a redirection", slot(), target)
                        .isEqualTo(hostAndPort(target));
            }
        }

        @Test
        @DisplayName("during a migration, ASK is followed with ASKING, and the map keeps the old owner")
        void askIsFollowedOnce() {
            IntStream.rangeClosed(1, 4).forEach(i -> jedis.set(TAG + ":" + i, "v" + i));
            try (ClusterMap map = mapOfNow()) {
                LabCluster.Node source = cluster.masterOf(slot());
                LabCluster.Node target = otherMaster();
                LabCluster.SlotMigration migration = cluster.startMigration(slot(), target);
                migration.moveKey(TAG + ":1");
                target.stats().reset();
                RedirectingClient client = new RedirectingClient(map);

                assertThat(followingAsk(() -> client.get(TAG + ":1"), "GET of a key already moved"))
                        .as("GET of a key already moved: the source answers ASK").isEqualTo("v1");
                assertThat(target.stats().calls("asking")).as("ASKING sent to the target before the command:"
                        + " without it the importing node answers MOVED back to the source").isEqualTo(1);
                assertThat(map.ownerOf(slot())).as("the map after an ASK: the slot is still the source's until the"
                        + " migration ends (ASK is for one command; only MOVED changes the map)")
                        .isEqualTo(hostAndPort(source));
                assertThat(client.get(TAG + ":2")).as("a key not moved yet is still read from the source")
                        .isEqualTo("v2");
            }
        }

        @Test
        @DisplayName("a new key written during a migration lands on the target")
        void newKeyGoesToTheTarget() {
            jedis.set(TAG + ":old", "x");
            try (ClusterMap map = mapOfNow()) {
                LabCluster.Node source = cluster.masterOf(slot());
                LabCluster.Node target = otherMaster();
                cluster.startMigration(slot(), target);

                followingAsk(() -> {
                    new RedirectingClient(map).set(TAG + ":new", "fresh");
                    return null;
                }, "SET of a new key");

                assertThat(target.stats().allKeys()).as("keys on the target: the source answers ASK for a key it"
                        + " does not have, so the write must go to the target (with ASKING)")
                        .containsExactly(TAG + ":new");
                assertThat(source.stats().allKeys()).containsExactly(TAG + ":old");
            }
        }

        @Test
        @DisplayName("while a slot moves key by key, no read or write fails and every read sees the last write")
        void noRequestFailsWhileMoving() {
            List<String> keys = IntStream.range(0, 12).mapToObj(i -> TAG + ":" + i).toList();
            keys.forEach(key -> jedis.set(key, "0"));
            try (ClusterMap map = mapOfNow()) {
                RedirectingClient client = new RedirectingClient(map);
                LabCluster.SlotMigration migration = cluster.startMigration(slot(), otherMaster());
                int step = 0;
                boolean moving = true;
                while (moving) {
                    step++;
                    for (String key : keys) {
                        String value = Integer.toString(step);
                        followingAsk(() -> {
                            client.set(key, value);
                            return null;
                        }, "SET " + key);
                        assertThat(followingAsk(() -> client.get(key), "GET " + key)).as("%s read back at step %d of the migration", key, step)
                                .isEqualTo(Integer.toString(step));
                    }
                    assertThat(jedis.get(keys.get(0))).as("Jedis's cluster client reads the same").isEqualTo(
                            Integer.toString(step));
                    moving = migration.moveKeys(3) > 0;
                }
                migration.finish(cluster);
                for (String key : keys) {
                    assertThat(client.get(key)).as("%s after the migration", key).isEqualTo(Integer.toString(step));
                }
            }
        }
    }

    @Nested
    @Task(4)
    @DisplayName("Task 4: failover, WAIT, and lab 10's lock")
    class Task4_Failover {

        private static final Duration LEASE = Duration.ofSeconds(30);
        // Room for a busy machine (WAIT returns as soon as a replica acknowledges), below Jedis's 2 s socket timeout.
        private static final Duration REPLICA_TIMEOUT = Duration.ofSeconds(1);
        private static final String RESOURCE = "invoice:9";

        private LabCluster.Node master() {
            return cluster.masterOf(KeyDesign.lockKey(RESOURCE));
        }

        private LabCluster.Node replica() {
            return cluster.replicasOf(master()).get(0);
        }

        /** The master dies, its replica takes over, and the old master comes back as the new one's replica. */
        private void failOver(LabCluster.Node master, LabCluster.Node replica) {
            master.crash();
            cluster.promote(replica);
            master.start();
            cluster.awaitStable();
            // Jedis refreshes its slot map by itself when one of ITS commands meets MOVED or a dead node; a
            // connection borrowed by slot (as tryAcquire does) would still lead to the old master.
            jedis.refreshClusterTopology();
        }

        private ReplicatedLock lock() {
            return new ReplicatedLock(jedis, REPLICA_TIMEOUT);
        }

        @Test
        @DisplayName("a free lock is taken with a fencing token once WAIT saw a replica take it")
        void acquireWaitsForAReplica() {
            LabCluster.Node master = master();
            master.stats().reset();

            Optional<Long> first = lock().tryAcquire(RESOURCE, "alice", LEASE);
            Optional<Long> second = lock().tryAcquire(RESOURCE, "bob", LEASE);

            assertThat(first).as("alice's token for a free lock (the fence counter's first value)").contains(1L);
            assertThat(second).as("bob's attempt while alice holds it").isEmpty();
            assertThat(master.stats().calls("wait")).as("WAITs on the lock's master: one per successful"
                    + " acquisition, to learn whether a replica has it").isGreaterThanOrEqualTo(1);
            assertThat(replica().send("INFO", "keyspace")).as("the replica's keyspace once alice holds the lock:"
                    + " the lock and its fence").contains("keys=2");
        }

        @Test
        @DisplayName("WAIT is sent on the connection that wrote the lock: it only counts that connection's writes")
        void waitOnTheWritingConnection() {
            try (CommandMonitor monitor = master().monitor()) {
                List<CommandMonitor.Command> commands = monitor.during(() -> assertThat(
                        lock().tryAcquire(RESOURCE, "alice", LEASE)).as("alice's token for a free lock").contains(1L));

                int firstWait = IntStream.range(0, commands.size())
                        .filter(i -> commands.get(i).name().equals("wait")).findFirst().orElse(commands.size());
                List<String> writers = commands.subList(0, firstWait).stream()
                        .filter(c -> !c.fromScript() && List.of("eval", "evalsha", "set", "exec").contains(c.name()))
                        .map(CommandMonitor.Command::client).distinct().toList();
                List<String> waiters = commands.stream().filter(c -> c.name().equals("wait"))
                        .map(CommandMonitor.Command::client).distinct().toList();
                assertThat(waiters).as("WAIT was sent by client(s) %s, the lock was written by %s (the master's"
                        + " MONITOR: %s). WAIT counts the replicas that reached the last write of ITS OWN connection;"
                        + " sent on another connection (a second pooled one, or the cluster client's own"
                        + " waitReplicas) it answers at once for older writes and proves nothing about the lock: run"
                        + " the script and WAIT on the one connection you borrowed", waiters, writers, commands)
                        .isNotEmpty().isSubsetOf(writers);
            }
        }

        @Test
        @DisplayName("a lock no replica confirmed is released and refused: a failover would lose it")
        void unconfirmedLockIsReleased() {
            LabCluster.Node master = master();
            cluster.cutReplication(replica());

            Optional<Long> token = lock().tryAcquire(RESOURCE, "alice", LEASE);

            assertThat(token).as("alice's token while no replica receives writes: the master acknowledged the"
                    + " SET, but WAIT 1 answered 0, so it could vanish in a failover; report failure").isEmpty();
            assertThat(master.send("EXISTS", KeyDesign.lockKey(RESOURCE))).as("the lock left on the master:"
                    + " release what you could not confirm, or nobody gets it until the lease runs out")
                    .isEqualTo(":0\r\n");
        }

        @Test
        @DisplayName("a confirmed lock survives its master's crash: the promoted replica still refuses others")
        void confirmedLockSurvivesFailover() {
            LabCluster.Node master = master();
            LabCluster.Node replica = replica();
            Optional<Long> alice = lock().tryAcquire(RESOURCE, "alice", LEASE);
            assertThat(alice).as("alice's token before the crash").contains(1L);

            failOver(master, replica);

            assertThat(lock().tryAcquire(RESOURCE, "bob", LEASE)).as("bob's attempt after the failover: the replica"
                    + " had the lock (WAIT said so), so it is still held").isEmpty();
            assertThat(lock().release(RESOURCE, "alice")).as("alice releases on the new master").isTrue();
            assertThat(lock().tryAcquire(RESOURCE, "bob", LEASE)).as("bob's token after alice released: the fence"
                    + " counter survived too, so it is greater than alice's").contains(2L);
        }

        @Test
        @DisplayName("a lock acknowledged but never replicated is lost in a failover, fence and all")
        void unreplicatedWriteIsLost() {
            LabCluster.Node master = master();
            LabCluster.Node replica = replica();
            cluster.cutReplication(replica);
            // Lab 10's way: the master says OK, nobody asks a replica.
            assertThat(master.send("SET", KeyDesign.lockKey(RESOURCE), "alice", "NX", "PX", "30000")).startsWith("+OK");
            assertThat(master.send("INCR", KeyDesign.fenceKey(RESOURCE))).isEqualTo(":1\r\n");

            failOver(master, replica);

            assertThat(lock().tryAcquire(RESOURCE, "bob", LEASE)).as("bob's token after the failover: alice's"
                    + " acknowledged lock and fence died with the old master, so bob gets the lock AND the same"
                    + " fence number 1; a fenced resource cannot tell them apart (WAIT would have told alice)")
                    .contains(1L);
        }

        @Test
        @DisplayName("a blank owner, a lease or a replica timeout that is not positive are refused")
        void badInput() {
            assertThat(refusal(() -> lock().tryAcquire(RESOURCE, " ", LEASE)))
                    .as("a blank owner could release anybody's lock").isInstanceOf(IllegalArgumentException.class);
            assertThat(refusal(() -> lock().tryAcquire(RESOURCE, "alice", Duration.ZERO)))
                    .as("a lease of zero: PX 0 is an error in Redis").isInstanceOf(IllegalArgumentException.class);
            assertThat(refusal(() -> new ReplicatedLock(jedis, Duration.ZERO)))
                    .as("a replica timeout of zero: WAIT 1 0 blocks forever")
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}

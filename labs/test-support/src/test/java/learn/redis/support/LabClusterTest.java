package learn.redis.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClusterClient;

@DisplayName("A real Redis Cluster for the labs")
class LabClusterTest {

    @Nested
    @RedisLab
    @Timeout(60)
    @DisplayName("through @RedisLab")
    class ThroughTheExtension {

        @Test
        @DisplayName("three masters with a replica each serve all 16384 slots, and both cluster clients use them")
        void shapeAndClients(LabCluster cluster, RedisClusterClient jedis,
                io.lettuce.core.cluster.RedisClusterClient lettuce) {
            List<LabCluster.Node> masters = cluster.masters();
            assertThat(masters).hasSize(3);
            assertThat(masters).allSatisfy(master -> assertThat(cluster.replicasOf(master)).hasSize(1));
            assertThat(IntStream.of(0, 5000, 9000, LabCluster.SLOTS - 1).mapToObj(cluster::masterOf).distinct())
                    .hasSize(3);
            assertThat(cluster.version().isAtLeast(6, 2)).isTrue();

            jedis.set("a", "1");
            try (var connection = lettuce.connect()) {
                connection.sync().set("b", "2");
                assertThat(connection.sync().get("a")).isEqualTo("1");
            }
            assertThat(jedis.get("b")).isEqualTo("2");
            assertThat(cluster.masterOf("a").send("GET", "a")).contains("1");
            assertThat(cluster.slot("{user:1}:x")).isEqualTo(cluster.slot("user:1"));
        }

        @RepeatedTest(2)
        @DisplayName("every test starts with an empty cluster")
        void emptyBetweenTests(LabCluster cluster, RedisClusterClient jedis) {
            for (LabCluster.Node master : cluster.masters()) {
                assertThat(master.send("DBSIZE")).as("keys on " + master).startsWith(":0");
            }
            IntStream.range(0, 30).forEach(i -> jedis.set("left:" + i, "x"));
        }

        @Test
        @DisplayName("a slot moves with SETSLOT and MIGRATE while the cluster client keeps reading it")
        void migration(LabCluster cluster, RedisClusterClient jedis) {
            int slot = cluster.slot("{moving}");
            IntStream.range(0, 10).forEach(i -> jedis.set("{moving}:" + i, Integer.toString(i)));
            LabCluster.Node target = cluster.masters().stream().filter(m -> !m.equals(cluster.masterOf(slot)))
                    .findFirst().orElseThrow();

            LabCluster.SlotMigration migration = cluster.startMigration(slot, target);
            assertThat(migration.moveKeys(4)).isEqualTo(4);
            assertThat(IntStream.range(0, 10).mapToObj(i -> jedis.get("{moving}:" + i)))
                    .as("reads during the migration follow ASK").doesNotContainNull();
            while (migration.moveKeys(100) > 0) {
                // all keys
            }
            migration.finish(cluster);

            assertThat(cluster.masterOf(slot)).isEqualTo(target);
            assertThat(jedis.get("{moving}:9")).isEqualTo("9");
        }

        @Test
        @DisplayName("a cut replication link makes WAIT report no replica, and restoring it brings the replica back")
        void cutReplication(LabCluster cluster) {
            LabCluster.Node master = cluster.masterOf("k");
            LabCluster.Node replica = cluster.replicasOf(master).get(0);

            cluster.cutReplication(replica);
            assertThat(master.send("SET", "k", "v")).startsWith("+OK");
            assertThat(master.send("WAIT", "1", "100")).isEqualTo(":0\r\n");

            cluster.restoreReplication(replica);
            assertThat(master.send("SET", "k", "w")).startsWith("+OK");
            assertThat(master.send("WAIT", "1", "2000")).isEqualTo(":1\r\n");
        }

        @Test
        @DisplayName("a crashed master is replaced by its replica, and settling restarts it as a replica")
        void crashAndSettle(LabCluster cluster) {
            int slot = cluster.slot("k");
            LabCluster.Node old = cluster.masterOf(slot);
            LabCluster.Node replica = cluster.replicasOf(old).get(0);

            old.crash();
            cluster.promote(replica);
            assertThat(cluster.masterOf(slot)).isEqualTo(replica);

            cluster.settle();
            assertThat(cluster.nodes()).allSatisfy(node -> assertThat(node.isRunning()).isTrue());
            assertThat(cluster.masters()).hasSize(3).doesNotContain(old);
            assertThat(cluster.replicasOf(replica)).containsExactly(old);
        }
    }

    @Nested
    @Timeout(60)
    @DisplayName("on its own")
    class OnItsOwn {

        @TempDir
        Path stateDir;

        @Test
        @DisplayName("closing a cluster stops every node and deletes every directory; a killed JVM's cluster is reaped")
        void cleanUp() throws Exception {
            ServerRegistry registry = new ServerRegistry(stateDir);
            try (LocalBinaries binaries = new LocalBinaries(registry, Optional.empty())) {
                LabCluster closed = LabCluster.start(binaries, Provider.EMBEDDED, 3, 0);
                List<Long> pids = closed.nodes().stream().map(LabClusterTest::pidOf).toList();
                closed.close();
                assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                        .as("node process").isEmpty());

                LabCluster orphaned = LabCluster.start(binaries, Provider.EMBEDDED, 3, 0);
                List<Long> orphanPids = orphaned.nodes().stream().map(LabClusterTest::pidOf).toList();
                // Pretend the JVM that started it was killed: its entries now name an owner that no longer runs.
                Process gone = new ProcessBuilder("java", "-version").start();
                gone.waitFor(30, TimeUnit.SECONDS);
                for (Path entry : entries()) {
                    if (!entry.toString().contains("-bin-")) {
                        Files.writeString(entry, Files.readString(entry)
                                .replaceAll("owner=\\d+", "owner=" + gone.pid()));
                    }
                }
                assertThat(new ServerRegistry(stateDir).reapOrphans()).isEqualTo(3);
                assertThat(orphanPids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid)
                        .filter(ProcessHandle::isAlive)).as("orphaned node").isEmpty());
            }
            assertThat(entries()).isEmpty();
        }

        private List<Path> entries() {
            try (var files = Files.list(stateDir)) {
                return files.toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static long pidOf(LabCluster.Node node) {
        return Long.parseLong(node.send("INFO", "server").lines().filter(l -> l.startsWith("process_id:"))
                .findFirst().orElseThrow().substring("process_id:".length()).trim());
    }
}

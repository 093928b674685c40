package learn.redis.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

@RedisLab
@DisplayName("@RedisLab gives each test a ready server and an empty database")
class RedisExtensionTest {

    @BeforeEach
    void setUp(RedisServerInfo server) {
        this.server = server;
    }

    RedisServerInfo server;

    @RepeatedTest(2)
    @DisplayName("every test starts with an empty database")
    void cleanKeyspace(RedisClient redis) {
        assertThat(redis.dbSize()).as("keys left by an earlier test").isZero();
        redis.set("left-behind", "x");
    }

    @Test
    @DisplayName("the server is 6.2 or newer and stats count commands")
    void versionAndStats(RedisClient redis, RedisServerInfo server, RedisStats stats) {
        assertThat(server.version().isAtLeast(6, 2)).isTrue();
        assertThat(server.describe()).startsWith("Redis " + server.version() + " (");
        stats.reset();
        redis.incr("counter");
        redis.incr("counter");
        assertThat(stats.calls("incr")).isEqualTo(2);
        assertThat(stats.calls("get")).isZero();
    }

    @Test
    @DisplayName("a client a test leaves blocked in BRPOP is disconnected after the test")
    void blockedClientsAreDisconnected(RedisStats stats) {
        RedisClient consumer = RedisClient.create(server.uri());
        Thread blocked = new Thread(() -> {
            try {
                consumer.brpop(0, "never-filled");
            } catch (RuntimeException expected) {
                // Disconnected by the extension.
            }
        });
        blocked.start();
        await().until(() -> stats.blockedClients() == 1);

        stats.disconnectBlockedClients();

        await().until(() -> stats.blockedClients() == 0 && !blocked.isAlive());
        consumer.close();
    }

    @Test
    @DisplayName("the command monitor tells commands a script ran from commands a client sent")
    void monitor(RedisClient redis, CommandMonitor monitor) {
        redis.set("plain", "x");
        redis.eval("redis.call('SET', KEYS[1], 'y'); return redis.call('PEXPIRE', KEYS[1], 1000)", 1, "scripted");

        assertThat(monitor.commands()).extracting(CommandMonitor.Command::toString)
                .containsSubsequence("SET plain x", "[lua] SET scripted y", "[lua] PEXPIRE scripted 1000");
        assertThat(monitor.commands("pexpire")).singleElement()
                .satisfies(command -> assertThat(command.fromScript()).isTrue());
        assertThat(monitor.during(() -> redis.get("plain"))).extracting(CommandMonitor.Command::toString)
                .as("only what ran during the action, no markers of earlier calls").containsExactly("GET plain");
    }

    @Test
    @DisplayName("a restartable server is the test's own and keeps its port across restarts")
    void restartable(RestartableRedis own, RedisServerInfo shared) {
        assertThat(own.port()).isNotEqualTo(shared.port());
        int port = own.port();
        own.crash();
        own.start();
        assertThat(own.port()).isEqualTo(port);
        try (RedisClient client = RedisClient.create(own.uri())) {
            assertThat(client.ping()).isEqualTo("PONG");
        }
    }
}

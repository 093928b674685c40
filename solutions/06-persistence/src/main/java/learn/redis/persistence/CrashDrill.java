package learn.redis.persistence;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.RedisClient;

/**
 * A chaos drill: proves on a real server what a crash keeps under RDB snapshots, instead of trusting a diagram.
 */
public final class CrashDrill {

    private static final Duration SNAPSHOT_TIMEOUT = Duration.ofSeconds(10);

    private CrashDrill() {
    }

    /**
     * Task 3: writes {@code beforeSnapshot}, takes a snapshot, writes {@code afterSnapshot}, crashes the server,
     * starts it again and reports which of all those keys came back with their value.
     */
    public static DrillReport run(ServerControl server, Map<String, String> beforeSnapshot,
            Map<String, String> afterSnapshot) {
        // tag::drill[]
        try (RedisClient redis = RedisClient.create(server.uri())) {
            beforeSnapshot.forEach(redis::set);
            new PersistenceAdmin(redis).snapshot(SNAPSHOT_TIMEOUT);
            afterSnapshot.forEach(redis::set);
        }
        // A crash, not SHUTDOWN: a graceful shutdown writes a last snapshot when save points exist and would
        // hide exactly the loss this drill is about.
        server.crash();
        server.start();

        Map<String, String> written = new HashMap<>(beforeSnapshot);
        written.putAll(afterSnapshot);
        Set<String> survived = new HashSet<>();
        Set<String> lost = new HashSet<>();
        // A new client: the old one's pooled connections died with the process.
        try (RedisClient redis = RedisClient.create(server.uri())) {
            written.forEach((key, value) -> (value.equals(redis.get(key)) ? survived : lost).add(key));
        }
        return new DrillReport(survived, lost);
        // end::drill[]
    }
}

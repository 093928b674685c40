package learn.redis.pipelines;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import learn.redis.support.RedisLab;
import learn.redis.support.RedisServerInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * Not a test: a benchmark of your bulk loaders, run only when named (the lab's pom leaves it out of every other run):
 * <pre>
 * ./mvnw -q test -pl labs/12-pipelines-and-failures -Dtest=BulkLoadBenchmark
 * </pre>
 * Loads {@value #ENTRIES} keys over one connection, again and again, and prints the median throughput of each way:
 * a raw Jedis loop (one SET, one round trip), your {@link BulkLoader} with batches of 1 (unpipelined) up to 1,000, and
 * your {@link AsyncBulkLoader}. Numbers depend on the machine; the ratios are the lesson. It asserts nothing.
 */
@RedisLab
@Timeout(300)
class BulkLoadBenchmark {

    private static final int ENTRIES = 20_000;
    private static final int WARM_UPS = 2;
    private static final int RUNS = 5;
    private static final Duration TTL = Duration.ofMinutes(5);

    @Test
    void bulkLoadThroughput(RedisServerInfo server, io.lettuce.core.RedisClient lettuce) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < ENTRIES; i++) {
            entries.put("bench:" + i, "value-" + i);
        }
        Map<String, Double> results = new LinkedHashMap<>();
        try (Jedis raw = new Jedis(server.uri());
                RedisClient oneConnection = RedisConnections.pooled(server.uri(), 1, Duration.ofSeconds(5),
                        Duration.ofSeconds(5));
                AsyncBulkLoader async = new AsyncBulkLoader(lettuce, Duration.ofSeconds(30))) {
            SetParams px = SetParams.setParams().px(TTL.toMillis());
            results.put("raw Jedis loop (SET ... PX, one by one)", measure(raw, () -> {
                entries.forEach((key, value) -> raw.set(key, value, px));
            }));
            for (int batch : new int[] {1, 10, 100, 1000}) {
                BulkLoader loader = new BulkLoader(oneConnection, batch);
                results.put("BulkLoader, batch " + batch + (batch == 1 ? " (unpipelined)" : " (pipelined)"),
                        measure(raw, () -> loader.load(entries, TTL)));
            }
            results.put("AsyncBulkLoader (Lettuce, manual flush)", measure(raw, () -> async.load(entries, TTL)));
            raw.flushDB();
        }
        System.out.printf("%nBulk load of %,d keys over one connection to %s, median of %d runs:%n", ENTRIES,
                server.describe(), RUNS);
        double unpipelined = results.get("BulkLoader, batch 1 (unpipelined)");
        results.forEach((name, perSecond) -> System.out.printf("  %-44s %,12.0f SET/s  %6.1fx%n", name, perSecond,
                perSecond / unpipelined));
    }

    /** The median throughput (commands per second) of {@link #RUNS} runs, after {@link #WARM_UPS} warm-ups. */
    private static double measure(Jedis admin, Runnable load) {
        List<Double> perSecond = new ArrayList<>();
        for (int run = 0; run < WARM_UPS + RUNS; run++) {
            admin.flushDB();
            long start = System.nanoTime();
            load.run();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (run >= WARM_UPS) {
                perSecond.add(ENTRIES / seconds);
            }
        }
        Collections.sort(perSecond);
        return perSecond.get(RUNS / 2);
    }
}

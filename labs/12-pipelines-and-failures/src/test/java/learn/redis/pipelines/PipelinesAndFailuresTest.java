package learn.redis.pipelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.RetryConfig;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import learn.redis.support.CommandMonitor;
import learn.redis.support.Concurrently;
import learn.redis.support.RedisLab;
import learn.redis.support.RedisServerInfo;
import learn.redis.support.RedisStats;
import learn.redis.support.RestartableRedis;
import learn.redis.support.Task;
import learn.redis.support.TestClock;
import learn.redis.support.Todo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.util.JedisURIHelper;

@RedisLab
// Some tests wait out a 2.5 s CLIENT PAUSE, and Lettuce's first connection loads a lot of classes: on a busy machine
// 20 s is not always enough. An endless loop still fails its test within a minute.
@Timeout(60)
@DisplayName("Lab 12: pipelines, pools, and a Redis that is slow or gone")
class PipelinesAndFailuresTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    /**
     * How long a test pauses Redis (CLIENT PAUSE): far longer than any timeout of this lab, so that waiting shows even
     * on a busy machine. (CLIENT UNPAUSE cannot end it early: a pause of ALL holds back CLIENT UNPAUSE too.)
     */
    private static final Duration PAUSE = Duration.ofMillis(2500);
    /** A call that returns sooner than this did not wait for the paused Redis. */
    private static final Duration DID_NOT_WAIT = Duration.ofMillis(2000);

    /** n entries bulk:00000 -> v0, bulk:00001 -> v1, ... in order. */
    private static long connectionsReceived(RedisClient redis) {
        return redis.info("stats").lines().filter(line -> line.startsWith("total_connections_received:"))
                .mapToLong(line -> Long.parseLong(line.substring(line.indexOf(':') + 1).strip())).sum();
    }

    /** Writes with TTLs of 1.5 s and 900 ms, and checks that each reached {@code key} to the millisecond. */
    private static void assertTtlsInMillis(RedisClient redis, String what, String key, Consumer<Duration> write) {
        for (Duration ttl : List.of(Duration.ofMillis(1_500), Duration.ofMillis(900))) {
            write.accept(ttl);
            assertThat(redis.pttl(key)).as("PTTL %s after %s with a TTL of %d ms: kept to the ms. 1 000 or less for"
                    + " 1.5 s, or 1 000 for 900 ms, means whole seconds (EX with toSeconds()); send PX with the"
                    + " milliseconds", key, what, ttl.toMillis()).isBetween(ttl.toMillis() - 400, ttl.toMillis());
        }
    }

    private static Map<String, String> entries(int n) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            entries.put(String.format("bulk:%05d", i), "v" + i);
        }
        return entries;
    }

    /** CLIENT PAUSE ms ALL: the server holds every client's commands (a slow Redis) until the pause ends. */
    private static void pause(RedisClient admin, Duration duration) {
        admin.sendCommand(Protocol.Command.CLIENT, "PAUSE", String.valueOf(duration.toMillis()), "ALL");
    }

    /** Waits for the pause to end: PING is held back until then. */
    private static void awaitUnpaused(RedisClient admin) {
        // A PING that outlasts the client's 2 s socket timeout throws: ignore it and ask again.
        await("the end of CLIENT PAUSE").atMost(Duration.ofSeconds(8)).ignoreExceptions()
                .until(() -> "PONG".equals(admin.ping()));
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    @Nested
    @Task(1)
    @DisplayName("Task 1: bulk load and bulk read in a few round trips, with a Jedis pipeline")
    class Task1_Pipeline {

        @Test
        @DisplayName("2,000 entries are stored, each by one SET that carries its TTL")
        void storesWithTtl(RedisClient redis, RedisStats stats) {
            stats.reset();

            int loaded = new BulkLoader(redis, 100).load(entries(2000), MINUTE);

            assertThat(loaded).as("load() returns how many entries it sent").isEqualTo(2000);
            assertThat(stats.calls("set")).as("SET commands for 2,000 entries").isEqualTo(2000);
            assertThat(stats.calls("expire") + stats.calls("pexpire"))
                    .as("the TTL went in a separate EXPIRE: twice the commands, and a key without a TTL if the"
                            + " client dies in between. SetParams.setParams().px(ms) puts it in the SET")
                    .isZero();
            assertThat(redis.get("bulk:01999")).as("GET bulk:01999").isEqualTo("v1999");
            long pttl = redis.pttl("bulk:00000");
            assertThat(pttl)
                    .as("PTTL bulk:00000 is %d; expected just under 60,000 ms (a 1 minute TTL). -1: no TTL; far more:"
                            + " milliseconds passed as seconds (EX instead of PX)", pttl)
                    .isBetween(50_000L, 60_000L);
            assertTtlsInMillis(redis, "load()", "bulk:00000", ttl -> new BulkLoader(redis, 100).load(entries(3), ttl));
        }

        @Test
        @DisplayName("2,000 SETs in batches of 100 cost the server a few dozen socket reads, not 2,000")
        void fewRoundTrips(RedisClient redis, RedisStats stats) {
            BulkLoader loader = new BulkLoader(redis, 100);
            stats.reset();

            loader.load(entries(2000), MINUTE);

            long reads = stats.readsProcessed();
            assertThat(reads)
                    .as("the server made %d socket reads for 2,000 SETs. One SET at a time is a round trip each (2,000"
                            + " reads); a pipeline (redis.pipelined(), then sync() once per batch) sends a batch in"
                            + " one go", reads)
                    .isLessThanOrEqualTo(100);
        }

        @Test
        @DisplayName("each batch waits for its replies: 1,000 SETs in batches of 50 are at least 20 round trips")
        void batchesAreHonoured(RedisClient redis, RedisStats stats) {
            BulkLoader loader = new BulkLoader(redis, 50);
            stats.reset();

            loader.load(entries(1000), MINUTE);

            long reads = stats.readsProcessed();
            assertThat(reads)
                    .as("only %d socket reads for 1,000 SETs in batches of 50: the batch size was ignored (one sync()"
                            + " at the end). Then every reply waits in memory until the end, on the client and in"
                            + " Redis's output buffer: call sync() each time a batch is full", reads)
                    .isGreaterThanOrEqualTo(20);
            assertThat(redis.get("bulk:00999")).as("GET bulk:00999 after the load").isEqualTo("v999");
        }

        @Test
        @DisplayName("readAll() returns the values of the keys that exist, in a few round trips")
        void readsInFewRoundTrips(RedisClient redis, RedisStats stats) {
            Map<String, String> present = entries(500);
            redis.mset(present.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                    .toArray(String[]::new));
            List<String> keys = new ArrayList<>(entries(600).keySet());
            stats.reset();

            Map<String, String> read = new BulkLoader(redis, 100).readAll(keys);

            long reads = stats.readsProcessed();
            assertThat(read)
                    .as("readAll() of 600 keys, 500 of which exist: the 500 with their values, no entry for a missing"
                            + " key (a missing key reads as null)")
                    .isEqualTo(present);
            assertThat(reads)
                    .as("the server made %d socket reads for 600 GETs: read in a pipeline too (a Response<String> is"
                            + " readable after sync())", reads)
                    .isLessThanOrEqualTo(30);
        }

        @Test
        @DisplayName("a batch size below 1, and a TTL of zero, below zero or under a millisecond, are refused")
        void refusesBadInput(RedisClient redis) {
            assertThat(Todo.surfacing(catchThrowable(() -> new BulkLoader(redis, 0))))
                    .as("new BulkLoader(redis, 0): a batch of 0 commands never fills, so nothing would be sent")
                    .isInstanceOf(IllegalArgumentException.class);
            BulkLoader loader = new BulkLoader(redis, 10);
            for (Duration ttl : List.of(Duration.ZERO, Duration.ofSeconds(-5), Duration.ofNanos(500_000))) {
                assertThat(Todo.surfacing(catchThrowable(() -> loader.load(entries(3), ttl))))
                        .as("load(..., %s): Redis refuses PX 0 and negative TTLs, and a TTL under 1 ms would become"
                                + " PX 0; refuse it before sending anything", ttl)
                        .isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(redis.exists("bulk:00000")).as("a refused load must not store anything").isFalse();
        }
    }

    @Nested
    @Task(2)
    @DisplayName("Task 2: a price list readers see whole: MULTI/EXEC (or a script) to publish, MGET to read")
    class Task2_AtomicBatch {

        private Map<String, Long> prices(int n) {
            Map<String, Long> prices = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                prices.put("sku-" + i, 100L + i);
            }
            return prices;
        }

        @Test
        @DisplayName("every price of a publish is written in one atomic step, and each has its TTL")
        void atomicWithTtl(RedisClient redis, CommandMonitor monitor) {
            PriceList list = new PriceList(redis);

            List<CommandMonitor.Command> commands = monitor.during(() -> list.publish(prices(20), MINUTE));

            List<Integer> writes = IntStream.range(0, commands.size())
                    .filter(i -> Set.of("set", "mset", "psetex", "setex").contains(commands.get(i).name()))
                    .boxed().toList();
            assertThat(writes).as("no SET reached Redis during publish(): %s", commands).isNotEmpty();
            for (String sku : prices(20).keySet()) {
                assertThat(redis.get(PriceList.key(sku))).as("GET %s", PriceList.key(sku)).isNotNull();
                assertThat(redis.pttl(PriceList.key(sku)))
                        .as("PTTL %s: every price needs the TTL. MSET is atomic but cannot set one: SET ... PX in"
                                + " the transaction", PriceList.key(sku))
                        .isBetween(50_000L, 60_000L);
            }
            for (int i : writes) {
                String why = commands.get(i).name().equals("mset")
                        ? " MSET itself is atomic, but it cannot carry a TTL: the PEXPIREs that follow it are separate"
                                + " steps, so a reader (or a crash) in between meets prices without a TTL. Put"
                                + " SET ... PX for each price in one redis.multi() ... exec() (or one Lua script)"
                        : " A reader could see part of the new list and part of the old one. A pipeline only batches"
                                + " the sending, it is not atomic; use redis.multi() ... exec() (or one Lua script)";
                assertThat(CommandMonitor.inAtomicStep(commands, i))
                        .as("'%s' ran on its own.%s", commands.get(i), why)
                        .isTrue();
            }
            assertTtlsInMillis(redis, "publish()", PriceList.key("sku-0"), ttl -> list.publish(prices(2), ttl));
        }

        @Test
        @DisplayName("publishing 200 prices costs a handful of socket reads")
        void fewRoundTrips(RedisClient redis, RedisStats stats) {
            PriceList list = new PriceList(redis);
            stats.reset();

            list.publish(prices(200), MINUTE);

            long reads = stats.readsProcessed();
            assertThat(reads)
                    .as("%d socket reads to publish 200 prices. Jedis's transaction sends MULTI and the queued"
                            + " commands together and EXEC after them (two round trips); a script is one. 200 SETs"
                            + " sent one by one are 200", reads)
                    .isLessThanOrEqualTo(15);
            assertThat(redis.get(PriceList.key("sku-199"))).as("GET price:sku-199").isEqualTo("299");
        }

        @Test
        @DisplayName("prices() reads them all with one MGET, and leaves out a SKU without a price")
        void oneMget(RedisClient redis, RedisStats stats) {
            PriceList list = new PriceList(redis);
            list.publish(prices(30), MINUTE);
            List<String> skus = new ArrayList<>(prices(30).keySet());
            skus.add("sku-unknown");
            stats.reset();

            Map<String, Long> read = list.prices(skus);

            assertThat(read).as("prices() of 30 published SKUs and one unknown").isEqualTo(prices(30));
            assertThat(stats.calls("mget"))
                    .as("MGET calls: one command reads every key at one instant, so no publish can land between two"
                            + " of its reads, and it is one round trip")
                    .isEqualTo(1);
            assertThat(stats.calls("get")).as("GET calls: a GET per SKU is a snapshot of nothing").isZero();
        }

        @Test
        @DisplayName("an empty price list, and a TTL of zero or under a millisecond, are refused")
        void refusesBadInput(RedisClient redis, RedisStats stats) {
            PriceList list = new PriceList(redis);

            assertThat(Todo.surfacing(catchThrowable(() -> list.publish(Map.of(), MINUTE))))
                    .as("publish() of an empty list: MULTI/EXEC of nothing, or a script without keys, says nothing;"
                            + " refuse it")
                    .isInstanceOf(IllegalArgumentException.class);
            for (Duration ttl : List.of(Duration.ZERO, Duration.ofNanos(999_999), Duration.ofMinutes(-1))) {
                assertThat(Todo.surfacing(catchThrowable(() -> list.publish(prices(2), ttl))))
                        .as("publish(..., %s): a TTL is at least 1 ms", ttl)
                        .isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(stats.allKeys()).as("a refused publish must not store anything").isEmpty();
        }
    }

    @Nested
    @Task(3)
    @DisplayName("Task 3: the same bulk load with Lettuce's asynchronous API, flushed by hand")
    class Task3_LettuceAsync {

        @Test
        @DisplayName("2,000 entries are stored, each with its TTL")
        void storesWithTtl(io.lettuce.core.RedisClient lettuce, RedisClient redis) {
            int loaded;
            try (AsyncBulkLoader loader = new AsyncBulkLoader(lettuce, Duration.ofSeconds(15))) {
                loaded = loader.load(entries(2000), MINUTE);
            }

            assertThat(loaded).as("load() returns how many entries it sent").isEqualTo(2000);
            assertThat(redis.get("bulk:01999")).as("GET bulk:01999: did load() wait for the replies?")
                    .isEqualTo("v1999");
            assertThat(redis.pttl("bulk:00000"))
                    .as("PTTL bulk:00000: SetArgs.Builder.px(ms) gives each SET its TTL")
                    .isBetween(50_000L, 60_000L);
            try (AsyncBulkLoader loader = new AsyncBulkLoader(lettuce, Duration.ofSeconds(15))) {
                assertTtlsInMillis(redis, "load()", "bulk:00000", ttl -> loader.load(entries(3), ttl));
            }
        }

        @Test
        @DisplayName("2,000 SETs flushed by hand cost a few flushes and the server a few dozen socket reads")
        void fewRoundTrips(RedisServerInfo server, RedisStats stats) {
            long reads;
            int flushes;
            try (FlushCountingClient counting = new FlushCountingClient(server);
                    AsyncBulkLoader loader = new AsyncBulkLoader(counting.client, Duration.ofSeconds(15))) {
                counting.flushes.set(0);
                stats.reset();
                loader.load(entries(2000), MINUTE);
                reads = stats.readsProcessed();
                flushes = counting.flushes.get();
            }
            // Counted in the client, so it does not depend on how the kernel and the server happen to group writes.
            assertThat(flushes)
                    .as("flushes to the socket for 2,000 SETs: %d. About 2,000 means auto-flush is still on (the"
                            + " default: every command is written and flushed at once); call"
                            + " setAutoFlushCommands(false) on the connection and flushCommands() per batch. 1 means"
                            + " one flush at the end, with the whole load waiting in memory first", flushes)
                    .isBetween(2, 100);
            assertThat(reads)
                    .as("the server made %d socket reads for 2,000 SETs. With auto-flush on (the default) Lettuce"
                            + " writes every command to the socket at once; setAutoFlushCommands(false) and"
                            + " flushCommands() send them in a few big writes", reads)
                    .isLessThanOrEqualTo(100);
        }

        @Test
        @DisplayName("a load on a paused Redis fails after its timeout instead of waiting for Redis")
        void timesOut(io.lettuce.core.RedisClient lettuce, RedisClient admin) {
            Throwable thrown;
            long waited;
            try (AsyncBulkLoader warmUp = new AsyncBulkLoader(lettuce, Duration.ofSeconds(15))) {
                warmUp.load(entries(1), MINUTE);
            }
            try (AsyncBulkLoader loader = new AsyncBulkLoader(lettuce, Duration.ofMillis(200))) {
                pause(admin, PAUSE);

                long start = System.nanoTime();
                thrown = Todo.surfacing(catchThrowable(() -> loader.load(entries(100), MINUTE)));
                waited = millisSince(start);
                awaitUnpaused(admin);
            }

            assertThat(thrown)
                    .as("load() returned normally after %d ms, while Redis was paused for %d ms and the timeout was"
                            + " 200 ms: it waited for Redis. Wait for the futures with LettuceFutures.awaitAll(timeout,"
                            + " ...), never with a bare get() or join(), and throw (e.g. RedisCommandTimeoutException)"
                            + " when it answers false", waited, PAUSE.toMillis())
                    .isInstanceOf(RuntimeException.class);
        }

        @Test
        @DisplayName("a zero timeout, and a TTL under a millisecond, are refused")
        void refusesBadInput(io.lettuce.core.RedisClient lettuce, RedisStats stats) {
            assertThat(Todo.surfacing(catchThrowable(() -> new AsyncBulkLoader(lettuce, Duration.ZERO))))
                    .as("new AsyncBulkLoader(client, 0 s): a load that may not wait at all can never succeed")
                    .isInstanceOf(IllegalArgumentException.class);
            try (AsyncBulkLoader loader = new AsyncBulkLoader(lettuce, Duration.ofSeconds(1))) {
                assertThat(Todo.surfacing(catchThrowable(() -> loader.load(entries(2), Duration.ofNanos(10)))))
                        .as("load(..., 10 ns): a TTL is at least 1 ms")
                        .isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(stats.allKeys()).as("a refused load must not store anything").isEmpty();
        }
    }

    /** A Lettuce client whose connections count their flushes: each flush is one write to the socket. */
    private static final class FlushCountingClient implements AutoCloseable {

        final AtomicInteger flushes = new AtomicInteger();
        final ClientResources resources;
        final io.lettuce.core.RedisClient client;

        FlushCountingClient(RedisServerInfo server) {
            resources = ClientResources.builder().nettyCustomizer(new NettyCustomizer() {
                @Override
                public void afterChannelInitialized(Channel channel) {
                    // First in the pipeline, next to the socket: every flush of the connection passes here.
                    channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
                        @Override
                        public void flush(ChannelHandlerContext context) {
                            flushes.incrementAndGet();
                            context.flush();
                        }
                    });
                }
            }).build();
            client = io.lettuce.core.RedisClient.create(resources, server.uri().toString());
        }

        @Override
        public void close() {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }

    @Nested
    @Task(4)
    @DisplayName("Task 4: a connection pool sized for the load, with every connection given back")
    class Task4_Pools {

        private final List<AutoCloseable> opened = new ArrayList<>();

        private RedisClient pooled(RedisServerInfo server, int size, Duration borrowTimeout, Duration commandTimeout) {
            RedisClient client = RedisConnections.pooled(server.uri(), size, borrowTimeout, commandTimeout);
            opened.add(client);
            return client;
        }

        @AfterEach
        void closeClients() throws Exception {
            for (AutoCloseable closeable : opened) {
                closeable.close();
            }
        }

        @Test
        @DisplayName("reserve checks and decrements in one atomic step: WATCH before the GET, DECRBY in MULTI/EXEC")
        void reserveIsAtomic(RedisServerInfo server, RedisClient redis, CommandMonitor monitor) {
            String key = StockReservations.key("cup");
            redis.set(key, "5");
            StockReservations reservations = new StockReservations(pooled(server, 4, Duration.ofSeconds(1),
                    Duration.ofSeconds(1)));

            List<CommandMonitor.Command> commands = monitor.during(() -> assertThat(reservations.reserve("cup", 2))
                    .as("reserve 2 of 5 cups").isTrue());

            assertThat(redis.get(key)).as("stock left after reserving 2 of 5").isEqualTo("3");
            int decrement = IntStream.range(0, commands.size()).filter(i -> commands.get(i).isOn(key)
                    && Set.of("decrby", "decr", "incrby", "set").contains(commands.get(i).name())).findFirst()
                    .orElse(-1);
            assertThat(decrement).as("the command that changed %s (MONITOR: %s)", key, commands).isNotNegative();
            CommandMonitor.Command write = commands.get(decrement);
            if (write.fromScript()) {
                return; // check and decrement in one Lua script: atomic as it is
            }
            assertThat(CommandMonitor.insideMultiExec(commands, decrement)).as("'%s' ran on its own (MONITOR: %s):"
                    + " between the GET that saw enough stock and this write, another buyer can take the last items."
                    + " WATCH the key, GET, then queue the DECRBY in MULTI/EXEC (retry when EXEC answers null)",
                    write, commands).isTrue();
            List<String> order = commands.stream().filter(c -> c.client().equals(write.client()))
                    .filter(c -> c.name().equals("watch") || c.name().equals("get") && c.isOn(key))
                    .map(CommandMonitor.Command::name).toList();
            assertThat(order).as("WATCH and GET of %s on the connection that reserved, in order: WATCH first. A"
                    + " change between an unwatched GET and a later WATCH goes unseen, and EXEC runs anyway", key)
                    .startsWith("watch");
        }

        @Test
        @DisplayName("an exhausted pool makes a caller wait the borrow timeout, then fail; returned connections stay open")
        void exhaustedPoolWaitsThenFails(RedisServerInfo server) throws Exception {
            RedisClient client = pooled(server, 10, Duration.ofMillis(300), Duration.ofSeconds(1));
            List<Connection> borrowed = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                borrowed.add(client.getPool().getResource());
            }
            ExecutorService caller = Executors.newSingleThreadExecutor();
            try {
                long start = System.nanoTime();
                CompletableFuture<Throwable> call = CompletableFuture.supplyAsync(
                        () -> catchThrowable(() -> client.get("any")), caller);
                Throwable failure = catchThrowable(() -> call.get(3, TimeUnit.SECONDS));
                assertThat(failure).as("a GET while all 10 connections were borrowed was still waiting after 3 s:"
                        + " the pool waits forever (maxWait not set, or negative). setMaxWait(borrowTimeout)").isNull();
                Duration waited = Duration.ofNanos(System.nanoTime() - start);
                assertThat(Todo.surfacing(call.get())).as("a GET while all 10 connections were borrowed: the pool"
                        + " should give up after the borrow timeout with an exception").isNotNull();
                assertThat(waited).as("time the GET waited for a connection: the borrow timeout (300 ms). At once"
                        + " means setBlockWhenExhausted(false): callers fail instead of waiting their turn")
                        .isGreaterThanOrEqualTo(Duration.ofMillis(250));
            } finally {
                caller.shutdownNow();
                borrowed.forEach(Connection::close);
            }
            assertThat(client.getPool().getNumIdle()).as("idle connections after all 10 were returned to a pool of 10:"
                    + " all 10. Fewer means maxIdle is below the pool size (GenericObjectPool's default is 8), so"
                    + " connections are closed after every peak and opened again at the next")
                    .isEqualTo(10);
        }

        @Test
        @DisplayName("a pool of zero connections, and a zero or negative timeout, are refused")
        void refusesBadInput(RedisServerInfo server) {
            Duration second = Duration.ofSeconds(1);
            assertThat(Todo.surfacing(catchThrowable(() -> pooled(server, 0, second, second))))
                    .as("pooled(uri, 0, ...): a pool of 0 connections makes every caller wait, then fail")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(Todo.surfacing(catchThrowable(() -> pooled(server, 8, Duration.ZERO, second))))
                    .as("pooled(uri, 8, 0 s, ...): a borrow timeout of 0 (or less) means 'wait forever' in the pool")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(Todo.surfacing(catchThrowable(() -> pooled(server, 8, second, Duration.ofMillis(-1)))))
                    .as("pooled(uri, 8, ..., -1 ms): a socket timeout of 0 means 'wait forever' in Java")
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("a command on a paused Redis fails after the command timeout, not after Jedis's default 2 s")
        void commandTimeout(RedisServerInfo server, RedisClient admin) {
            RedisClient client = pooled(server, 2, Duration.ofMillis(200), Duration.ofMillis(150));
            catchThrowable(client::ping); // opens a connection before the pause; on a busy machine it may time out
            pause(admin, PAUSE);

            long start = System.nanoTime();
            Throwable thrown = Todo.surfacing(catchThrowable(() -> client.get("anything")));
            long waited = millisSince(start);
            awaitUnpaused(admin);

            assertThat(thrown)
                    .as("GET on a Redis paused for %d ms returned normally after %d ms: it waited for Redis instead of"
                            + " failing after the command timeout (150 ms) with a JedisConnectionException",
                            PAUSE.toMillis(), waited)
                    .isInstanceOf(JedisConnectionException.class);
            try (Connection connection = client.getPool().getResource()) {
                assertThat(connection.getSoTimeout())
                        .as("the socket timeout of the pool's connections, in ms: Jedis waits 2,000 ms by default."
                                + " Set DefaultJedisClientConfig's socketTimeoutMillis (and connectionTimeoutMillis)")
                        .isEqualTo(150);
            }
        }

        @ParameterizedTest(name = "pool of {0}")
        @ValueSource(ints = {3, 8})
        @DisplayName("50 concurrent callers share the pool: all finish, and Redis never sees more connections than it")
        void fiftyCallers(int size, RedisServerInfo server, RedisStats stats) {
            long before = stats.connectedClients();
            stats.reset();
            RedisClient client = pooled(server, size, Duration.ofSeconds(15), Duration.ofSeconds(5));

            Concurrently.run(50, () -> {
                for (int i = 0; i < 20; i++) {
                    client.incr("calls");
                }
            });

            assertThat(client.get("calls")).as("INCRs of 50 callers, 20 each").isEqualTo("1000");
            long opened = Long.parseLong(stats.info("stats").get("total_connections_received"));
            assertThat(opened)
                    .as("Redis accepted %d connections from a pool of %d. More than the pool: maxTotal is not the"
                            + " pool size (Jedis's default is 8), or maxIdle is lower than maxTotal, so connections"
                            + " are closed and reopened at every peak", opened, size)
                    .isLessThanOrEqualTo(size);
            long connected = stats.connectedClients() - before;
            assertThat(connected)
                    .as("INFO clients shows %d more connections than before the test, from a pool of %d",
                            connected, size)
                    .isLessThanOrEqualTo(size);
        }

        @Test
        @DisplayName("a reservation refused for lack of stock gives its connection back: no leak exhausts the pool")
        void noLeak(RedisServerInfo server, RedisClient redis) {
            RedisClient client = pooled(server, 2, Duration.ofMillis(200), Duration.ofSeconds(5));
            redis.set(StockReservations.key("cup"), "1");
            StockReservations reservations = new StockReservations(client);

            AtomicInteger refused = new AtomicInteger();
            Throwable thrown = Todo.surfacing(catchThrowable(() -> {
                for (int i = 0; i < 10; i++) {
                    assertThat(reservations.reserve("cup", 5)).as("reserve 5 of 1 in stock").isFalse();
                    refused.incrementAndGet();
                }
                assertThat(reservations.reserve("cup", 1)).as("reserve the 1 in stock").isTrue();
            }));

            assertThat(thrown)
                    .as("the pool of 2 ran dry after %d refused reservations: the borrowed connection is not given"
                            + " back when reserve() returns early. Borrow it with try-with-resources:"
                            + " try (Jedis connection = new Jedis(redis.getPool().getResource())) { ... }",
                            refused.get())
                    .isNull();
            assertThat(redis.get(StockReservations.key("cup"))).as("stock left after reserving the 1").isEqualTo("0");
            assertThat(client.getPool().getNumActive())
                    .as("connections still borrowed from the pool after every reserve() returned")
                    .isZero();
        }

        @Test
        @DisplayName("take waits for the timeout it is given, to the millisecond, and hands out the oldest job")
        void takeTimeoutInMillis(RedisServerInfo server, RedisClient redis, CommandMonitor monitor) {
            try (JobQueue queue = new JobQueue(redis, server.uri(), "mail")) {
                List<CommandMonitor.Command> commands = monitor.during(() -> assertThat(
                        queue.take(Duration.ofMillis(300))).as("take(300 ms) on an empty queue").isEmpty());

                List<Double> timeouts = commands.stream().filter(c -> c.name().startsWith("b"))
                        .map(c -> Double.parseDouble(c.args().get(c.args().size() - 1))).toList();
                assertThat(timeouts).as("timeouts in seconds of the blocking pops take(300 ms) sent %s: 0.3. A whole"
                        + " number of seconds (toSeconds()) waits 1 s, or forever with 0; pass millis / 1000.0",
                        commands).hasSize(1).allSatisfy(t -> assertThat(t).isBetween(0.29, 0.31));

                for (String job : List.of("first", "second", "third")) {
                    queue.submit(job);
                }
                assertThat(queue.take(Duration.ofSeconds(1))).as("take() after submitting first, second, third: the"
                        + " oldest job. submit pushes on the left (LPUSH), so take pops from the right (BRPOP)")
                        .contains("first");
                redis.del("jobs:mail");

                long before = connectionsReceived(redis);
                for (int i = 0; i < 3; i++) {
                    queue.take(Duration.ofMillis(20));
                }
                assertThat(connectionsReceived(redis) - before).as("connections the server accepted for 3 more takes"
                        + " on one JobQueue: open the consumer's connection once and keep it (close() closes it); a"
                        + " new one per take costs a handshake every time").isLessThanOrEqualTo(1);
            }
        }

        @Test
        @DisplayName("consumers blocked in BRPOP leave the shared pool free for everyone else")
        void blockingConsumersDoNotStarveThePool(RedisServerInfo server, RedisStats stats) throws Exception {
            RedisClient shared = pooled(server, 2, Duration.ofMillis(300), Duration.ofSeconds(5));
            JobQueue first = new JobQueue(shared, server.uri(), "mail");
            JobQueue second = new JobQueue(shared, server.uri(), "mail");
            opened.add(first);
            opened.add(second);
            long blockedBefore = stats.blockedClients();
            ExecutorService consumers = Executors.newFixedThreadPool(2);
            try {
                CompletableFuture<Optional<String>> a = CompletableFuture.supplyAsync(
                        () -> first.take(Duration.ofSeconds(5)), consumers);
                CompletableFuture<Optional<String>> b = CompletableFuture.supplyAsync(
                        () -> second.take(Duration.ofSeconds(5)), consumers);
                await("two consumers blocked in BRPOP").atMost(Duration.ofSeconds(3)).until(() -> {
                    for (CompletableFuture<Optional<String>> f : List.of(a, b)) {
                        if (f.isCompletedExceptionally()) {
                            f.join();
                        }
                    }
                    return stats.blockedClients() == blockedBefore + 2;
                });

                Throwable thrown = catchThrowable(() -> {
                    first.submit("welcome:1");
                    second.submit("welcome:2");
                });

                assertThat(thrown)
                        .as("submit() failed while two consumers waited in BRPOP on a pool of 2: the consumers hold"
                                + " the shared pool's connections for as long as they wait. Give the blocking"
                                + " command a connection of its own (new Jedis(uri))")
                        .isNull();
                Set<String> taken = new HashSet<>();
                taken.add(a.get(5, TimeUnit.SECONDS).orElseThrow());
                taken.add(b.get(5, TimeUnit.SECONDS).orElseThrow());
                assertThat(taken).as("the jobs the two consumers took").containsExactlyInAnyOrder("welcome:1",
                        "welcome:2");
            } finally {
                consumers.shutdownNow();
            }
        }
    }

    /** A Jedis client with a short command timeout, as Task 4 builds one: for the tasks after it. */
    private static RedisClient clientWithTimeout(URI uri, Duration timeout) {
        int millis = (int) timeout.toMillis();
        return RedisClient.builder()
                .hostAndPort(JedisURIHelper.getHostAndPort(uri))
                .clientConfig(DefaultJedisClientConfig.builder()
                        .password(JedisURIHelper.getPassword(uri))
                        .database(JedisURIHelper.getDBIndex(uri))
                        .connectionTimeoutMillis(millis).socketTimeoutMillis(millis).build())
                .build();
    }

    /** A port nothing listens on: a Redis that is down. */
    private static URI deadRedis() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("redis://127.0.0.1:" + socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Product ESPRESSO_CUP = new Product(1, "Espresso cup", 1250);
    private static final Product MOKA_POT = new Product(2, "Moka pot", 3490);
    /** The socket timeout of the caches' Jedis client: long enough for a busy machine, far below the pause. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);

    /** What Tasks 5 and 6 share: a database, a clock for the breaker, and the caches to close. */
    abstract class WithDatabase {

        final ProductDatabase database = ProductDatabase.withSeedData();
        final TestClock clock = TestClock.atRoundTime();
        final ResilienceSettings settings = settingsFor(clock);

        ResilienceSettings settingsFor(TestClock clock) {
            return ResilienceSettings.defaults(clock);
        }
        private final List<AutoCloseable> opened = new ArrayList<>();

        ResilientProductCache cache(URI redisUri) {
            return cache(redisUri, settings);
        }

        ResilientProductCache cache(URI redisUri, ResilienceSettings settings) {
            RedisClient client = clientWithTimeout(redisUri, COMMAND_TIMEOUT);
            opened.add(client);
            ResilientProductCache cache = new ResilientProductCache(client, database, settings);
            opened.add(cache);
            return cache;
        }

        @AfterEach
        void close() throws Exception {
            for (AutoCloseable closeable : opened) {
                closeable.close();
            }
            database.close();
        }

        /** Calls the cache and fails, with the learner's message, if it throws. */
        <T> T answer(String what, java.util.function.Supplier<T> call) {
            java.util.concurrent.atomic.AtomicReference<T> result = new java.util.concurrent.atomic.AtomicReference<>();
            Throwable thrown = Todo.surfacing(catchThrowable(() -> result.set(call.get())));
            assertThat(thrown)
                    .as("%s threw while Redis was unavailable. Catch what the decorated call throws (a"
                            + " JedisException, TimeoutException, CallNotPermittedException) and use the database",
                            what)
                    .isNull();
            return result.get();
        }
    }

    @Nested
    @Task(5)
    @DisplayName("Task 5: a slow or dead Redis: a time budget, retries for idempotent reads only, the database as fallback")
    class Task5_Fallback extends WithDatabase {

        @Test
        @DisplayName("while Redis is paused, find() answers from the database within its time budget")
        void pausedRedis(RedisServerInfo server, RedisClient admin) {
            ResilientProductCache cache = cache(server.uri());
            AtomicInteger timeouts = new AtomicInteger();
            cache.timeLimiter().getEventPublisher().onTimeout(event -> timeouts.incrementAndGet());
            cache.find(1);
            pause(admin, PAUSE);

            long start = System.nanoTime();
            Optional<Product> found = answer("find(2)", () -> cache.find(2));
            long waited = millisSince(start);
            awaitUnpaused(admin);

            assertThat(found).as("find(2) while Redis is paused").contains(MOKA_POT);
            assertThat(waited)
                    .as("find(2) took %d ms while Redis was paused for %d ms (budget %d ms): it waited for Redis. A socket"
                            + " timeout does not bound the whole call: run the read through a TimeLimiter, on an"
                            + " executor of your own",
                            waited, PAUSE.toMillis(), settings.budget().toMillis())
                    .isLessThan(DID_NOT_WAIT.toMillis());
            assertThat(cache.timeLimiter().getTimeLimiterConfig().getTimeoutDuration())
                    .as("the time limiter's timeout: the settings' budget")
                    .isEqualTo(settings.budget());
            assertThat(timeouts.get())
                    .as("the time limiter never timed out, although the first attempt alone waits 1 s (the socket"
                            + " timeout) and the budget is 300 ms: run the retried read through"
                            + " timeLimiter.executeFutureSupplier(...)")
                    .isPositive();
        }

        @Test
        @DisplayName("a read is retried with exponential backoff and jitter")
        void retryPolicy() {
            ResilientProductCache cache = cache(deadRedis());

            assertThat(answer("find(1)", () -> cache.find(1))).as("find(1) with Redis down").contains(ESPRESSO_CUP);

            RetryConfig config = cache.retry().getRetryConfig();
            assertThat(config.getMaxAttempts()).as("the retry's maxAttempts: settings.attempts()")
                    .isEqualTo(settings.attempts());
            IntervalBiFunction<Object> interval = config.getIntervalBiFunction();
            Either<Throwable, Object> failure = Either.left(new JedisConnectionException("refused"));
            List<Long> first = LongStream.range(0, 200).map(i -> interval.apply(1, failure)).boxed().toList();
            List<Long> second = LongStream.range(0, 200).map(i -> interval.apply(2, failure)).boxed().toList();
            long firstMs = settings.firstBackoff().toMillis();
            assertThat(first)
                    .as("waits before the first retry: about firstBackoff (%d ms), give or take 50 %%", firstMs)
                    .allSatisfy(ms -> assertThat(ms).isBetween(firstMs / 2, firstMs * 3 / 2));
            assertThat(new HashSet<>(first).size())
                    .as("200 waits before the first retry took %d different values: without jitter, every client"
                            + " that failed at the same moment retries at the same moment"
                            + " (IntervalFunction.ofExponentialRandomBackoff)", new HashSet<>(first).size())
                    .isGreaterThan(5);
            double firstMean = first.stream().mapToLong(Long::longValue).average().orElseThrow();
            double secondMean = second.stream().mapToLong(Long::longValue).average().orElseThrow();
            assertThat(secondMean)
                    .as("the mean wait before the second retry (%.1f ms) should be about twice the first (%.1f ms):"
                            + " exponential backoff", secondMean, firstMean)
                    .isGreaterThan(firstMean * 1.5);
            assertThat(cache.retry().getMetrics().getNumberOfFailedCallsWithRetryAttempt())
                    .as("reads that failed after retrying, for one find() on a dead Redis: the GET should go through"
                            + " Retry.decorateSupplier(retry, ...)")
                    .isEqualTo(1);
        }

        @Test
        @DisplayName("a product loaded from the database is cached with the settings' TTL, to the millisecond")
        void cachedWithTheTtlInMillis(RedisServerInfo server, RedisClient redis) {
            ResilienceSettings d = ResilienceSettings.defaults(clock);
            for (Duration ttl : List.of(Duration.ofMillis(1_500), Duration.ofMillis(900))) {
                ResilientProductCache cache = cache(server.uri(), new ResilienceSettings(ttl, d.budget(), d.attempts(),
                        d.firstBackoff(), d.minimumCalls(), d.openFor(), d.halfOpenProbes(), clock));
                redis.del(ResilientProductCache.key(1));
                answer("find(1)", () -> cache.find(1));
                assertThat(redis.pttl(ResilientProductCache.key(1))).as("PTTL %s after find(1) with a TTL of %d ms:"
                        + " kept to the ms. 1 000 or less for 1.5 s, or 1 000 for 900 ms, means whole seconds (EX with"
                        + " toSeconds()); send PX with the milliseconds", ResilientProductCache.key(1), ttl.toMillis())
                        .isBetween(ttl.toMillis() - 400, ttl.toMillis());
            }
        }

        @Test
        @DisplayName("a page view is counted once: INCR is never retried, and a failed one is counted by the database")
        void viewsAreNotRetried(RedisServerInfo server, RedisClient redis) {
            ResilientProductCache down = cache(deadRedis());

            for (int i = 0; i < 3; i++) {
                answer("recordView(1)", () -> {
                    down.recordView(1);
                    return null;
                });
            }

            assertThat(database.views(1))
                    .as("views the database holds after 3 views while Redis was down: none may be lost")
                    .isEqualTo(3);
            assertThat(down.retry().getMetrics().getNumberOfTotalCalls())
                    .as("calls the read retry made for 3 views: INCR went through it. INCR is not idempotent: if a"
                            + " timed-out INCR did reach Redis, the retry counts the view twice. Try it once")
                    .isZero();

            ResilientProductCache up = cache(server.uri());
            up.recordView(2);
            up.recordView(2);
            assertThat(redis.get(ResilientProductCache.viewsKey(2)))
                    .as("GET views:2 after 2 views with Redis up: INCR views:2 counts them in Redis").isEqualTo("2");
            assertThat(database.views(2)).as("views of product 2 in the database while Redis is up").isZero();
        }

        @Test
        @DisplayName("while Redis is down every product is still found, and a missing one is still missing")
        void nothingLost() {
            ResilientProductCache cache = cache(deadRedis());

            for (long id = 1; id <= 5; id++) {
                long productId = id;
                assertThat(answer("find(" + id + ")", () -> cache.find(productId)))
                        .as("find(%d) with Redis down", id).isNotEmpty();
            }
            assertThat(answer("find(99)", () -> cache.find(99))).as("find(99): no such product").isEmpty();
        }
    }

    @Nested
    @Task(6)
    @DisplayName("Task 6: a circuit breaker that stops calling a dead Redis and lets it back through a half-open probe")
    class Task6_CircuitBreaker extends WithDatabase {

        /** The defaults with a budget of 5 s: a probe must not be cut short by a busy machine. */
        @Override
        ResilienceSettings settingsFor(TestClock clock) {
            ResilienceSettings d = ResilienceSettings.defaults(clock);
            return new ResilienceSettings(d.ttl(), Duration.ofSeconds(5), d.attempts(), d.firstBackoff(),
                    d.minimumCalls(), d.openFor(), d.halfOpenProbes(), clock);
        }

        /** Calls find(1) until the breaker opens; fails after 20 calls. */
        void findUntilOpen(ResilientProductCache cache) {
            for (int i = 0; i < 20 && cache.circuitBreaker().getState() != CircuitBreaker.State.OPEN; i++) {
                assertThat(answer("find(1)", () -> cache.find(1))).as("find(1) with Redis stopped")
                        .contains(ESPRESSO_CUP);
            }
            assertThat(cache.circuitBreaker().getState())
                    .as("the breaker after 20 reads on a stopped Redis: it should open once half of the last %d"
                            + " calls failed (slidingWindow / minimumNumberOfCalls, failureRateThreshold(50), and"
                            + " recordExceptions(JedisException.class))", settings.minimumCalls())
                    .isEqualTo(CircuitBreaker.State.OPEN);
        }

        private static long gets(RestartableRedis server) {
            try (RedisClient admin = RedisClient.create(server.uri())) {
                return admin.info("commandstats").lines().filter(line -> line.startsWith("cmdstat_get:"))
                        .map(line -> Long.parseLong(line.substring("cmdstat_get:calls=".length(), line.indexOf(','))))
                        .findFirst().orElse(0L);
            }
        }

        @Test
        @DisplayName("the breaker counts every attempt, opens when Redis stops, and reads keep coming from the database")
        void opens(RestartableRedis server) {
            ResilientProductCache cache = cache(server.uri());
            server.shutdownNoSave();

            assertThat(answer("find(1)", () -> cache.find(1))).as("find(1) with Redis stopped").contains(ESPRESSO_CUP);
            assertThat(cache.circuitBreaker().getMetrics().getNumberOfFailedCalls())
                    .as("failed calls the breaker saw for one find() on a stopped Redis: one per attempt. Decorate the"
                            + " GET with the breaker first, then with the retry, so that every attempt counts (and an"
                            + " open breaker stops the retries)")
                    .isEqualTo(settings.attempts());
            findUntilOpen(cache);
        }

        @Test
        @DisplayName("while the breaker is open, a Redis that is back gets no command until openFor has passed")
        void openMeansNoCalls(RestartableRedis server) {
            ResilientProductCache cache = cache(server.uri());
            server.shutdownNoSave();
            findUntilOpen(cache);
            server.start();

            for (int i = 0; i < 5; i++) {
                assertThat(answer("find(2)", () -> cache.find(2))).as("find(2) while the breaker is open")
                        .contains(MOKA_POT);
            }

            assertThat(gets(server))
                    .as("GETs that reached the restarted Redis while the breaker was open (the breaker's clock did"
                            + " not move): an open breaker answers at once without calling Redis. Build the breaker"
                            + " with .clock(settings.clock()) and waitDurationInOpenState(settings.openFor())")
                    .isZero();
            assertThat(cache.circuitBreaker().getState()).as("the breaker before openFor has passed")
                    .isEqualTo(CircuitBreaker.State.OPEN);

            answer("recordView(2)", () -> {
                cache.recordView(2);
                return null;
            });
            boolean counted;
            try (RedisClient admin = RedisClient.create(server.uri())) {
                counted = admin.exists(ResilientProductCache.viewsKey(2));
            }
            assertThat(counted).as("%s after recordView(2) while the"
                    + " breaker was open: the INCR reached Redis. Run it through the breaker too"
                    + " (circuitBreaker.executeRunnable), so an open breaker counts the view in the database at once",
                    ResilientProductCache.viewsKey(2)).isFalse();
            assertThat(database.views(2)).as("views the database counted while the breaker was open").isEqualTo(1);
        }

        @Test
        @DisplayName("after openFor, probes reach Redis and close the breaker when they succeed")
        void halfOpenProbesClose(RestartableRedis server) {
            ResilientProductCache cache = cache(server.uri());
            server.shutdownNoSave();
            findUntilOpen(cache);
            server.start();

            clock.advance(settings.openFor().plusMillis(1));
            for (int i = 0; i < settings.halfOpenProbes(); i++) {
                assertThat(answer("find(1)", () -> cache.find(1))).as("probe find(1)").contains(ESPRESSO_CUP);
            }

            assertThat(gets(server))
                    .as("GETs that reached Redis after openFor had passed: the half-open breaker lets probes"
                            + " through. None: the breaker never noticed the time passing. It reads time from its"
                            + " config's clock: CircuitBreakerConfig...clock(settings.clock())").isPositive();
            assertThat(cache.circuitBreaker().getState())
                    .as("the breaker after %d successful probes: permittedNumberOfCallsInHalfOpenState(%d)",
                            settings.halfOpenProbes(), settings.halfOpenProbes())
                    .isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(cache.find(1)).as("find(1) with the breaker closed").contains(ESPRESSO_CUP);
        }

        @Test
        @DisplayName("a probe that fails opens the breaker again")
        void failedProbeReopens(RestartableRedis server) {
            ResilientProductCache cache = cache(server.uri());
            server.shutdownNoSave();
            findUntilOpen(cache);

            clock.advance(settings.openFor().plusMillis(1));
            assertThat(answer("find(1)", () -> cache.find(1))).as("probe find(1), Redis still down")
                    .contains(ESPRESSO_CUP);

            assertThat(cache.circuitBreaker().getState())
                    .as("the breaker after its probes failed: open again, for another openFor (a failed probe must count as"
                            + " a failure: did the fallback swallow the exception before the breaker saw it?)")
                    .isEqualTo(CircuitBreaker.State.OPEN);
        }
    }
}

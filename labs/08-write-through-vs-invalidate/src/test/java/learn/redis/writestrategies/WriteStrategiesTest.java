package learn.redis.writestrategies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import learn.redis.support.Pause;
import learn.redis.support.RedisLab;
import learn.redis.support.RedisStats;
import learn.redis.support.Task;
import learn.redis.support.Todo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import redis.clients.jedis.RedisClient;

/**
 * Lab 08. The code under test talks to Redis through Spring's {@link StringRedisTemplate}; {@code redis} is the
 * test's own Jedis client, which reads what the server really holds. Product 1 starts in the database as price
 * 100, version 1 ({@code db/data.sql}). Races are staged with {@link Pause}: one thread is stopped at a
 * repository hook while the test plays the other side to the end; {@link GetHook} stages the other client's write
 * between a GET and the command after it.
 */
@RedisLab
@DisplayName("Lab 08 · Write-through vs invalidate-on-write: the races that separate them")
class WriteStrategiesTest {

    private static final Duration TTL = Duration.ofMinutes(1);
    private static final Duration LEASE = Duration.ofSeconds(5);
    private static final long ID = 1;
    private static final String KEY = Product.cacheKey(ID);

    RedisClient redis;
    RedisStats stats;
    RedisConnectionFactory connectionFactory;
    StringRedisTemplate template;
    ProductRepository products;
    private final List<Pause> pauses = new ArrayList<>();

    @BeforeEach
    void setUp(RedisClient redis, RedisStats stats, RedisConnectionFactory connectionFactory) {
        this.redis = redis;
        this.stats = stats;
        this.connectionFactory = connectionFactory;
        this.template = new StringRedisTemplate(connectionFactory);
        this.products = ProductRepository.inMemory();
    }

    @AfterEach
    void tearDown() {
        // A failed assertion must not leave a thread parked at a hook.
        pauses.forEach(Pause::release);
        products.close();
    }

    private Pause pause() {
        Pause pause = new Pause();
        pauses.add(pause);
        return pause;
    }

    /** The product Redis holds for {@code id}, decoded; empty when the key is missing or holds no product. */
    private Optional<Product> cached(long id) {
        return ProductJson.read(redis.get(Product.cacheKey(id)));
    }

    private long priceInDatabase() {
        return products.findById(ID).orElseThrow().priceCents();
    }

    private long scriptsOrTransactions() {
        return stats.calls("eval") + stats.calls("evalsha") + stats.calls("exec");
    }

    /** A repository hook that does its work the first time it runs only. */
    private static Runnable once(Runnable work) {
        AtomicBoolean done = new AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                work.run();
            }
        };
    }

    /**
     * Tasks 1 and 3 ({@code task} names which, so that a failure says whose): the database refuses a negative
     * price (CHECK constraint), so the cache must stay as it was. The caller has cached product 1.
     */
    private void refusedWriteLeavesCacheAlone(String task, ProductCache cache) {
        String before = redis.get(KEY);
        stats.reset();

        Throwable thrown = catchThrowable(() -> cache.updatePrice(ID, -5));

        assertThat(thrown)
                .as("%s: updatePrice(1, -5): the database's CHECK constraint refuses a negative price, and the"
                        + " RepositoryException must reach the caller, not be swallowed", task)
                .isInstanceOf(RepositoryException.class);
        assertThat(redis.get(KEY))
                .as("%s: product:1 after a write the database refused: nothing changed in the database, so the"
                        + " cache must not change either. Touch the cache only after products.updatePrice returned",
                        task)
                .isEqualTo(before);
        assertThat(stats.applicationCalls().keySet())
                .as("%s: commands sent to Redis during the refused write", task)
                .doesNotContain("set", "del", "unlink", "eval", "evalsha");
    }

    /**
     * Tasks 1 and 3 ({@code task} names which): a transaction that fails before COMMIT is rolled back, so the cache
     * must stay as it was. The caller has cached product 1.
     */
    private void rolledBackWriteLeavesCacheAlone(String task, ProductCache cache) {
        String before = redis.get(KEY);
        products.beforeCommit(() -> {
            throw new RepositoryException("simulated: the connection dropped before COMMIT");
        });

        Throwable thrown = catchThrowable(() -> cache.updatePrice(ID, 250));

        assertThat(thrown)
                .as("%s: updatePrice while the transaction fails before COMMIT: the RepositoryException must reach"
                        + " the caller", task)
                .isInstanceOf(RepositoryException.class);
        assertThat(priceInDatabase()).as("%s: price in the database after the rollback", task).isEqualTo(100);
        assertThat(redis.get(KEY))
                .as("%s: product:1 after a rolled-back write: the database still says 100, and so must the cache."
                        + " Did you write to the cache before the repository call, or in a finally block?", task)
                .isEqualTo(before);
    }

    @Nested
    @Task(1)
    @DisplayName("Task 1: invalidate on write: update the database, then delete the key")
    class Task1_InvalidateOnWrite {

        InvalidatingProductCache cache;

        @BeforeEach
        void setUp() {
            cache = new InvalidatingProductCache(template, products, TTL, LEASE);
        }

        @Test
        @DisplayName("a miss reads the database once and caches the product as JSON with a TTL")
        void missLoadsOnceAndCachesWithTtl() {
            Optional<Product> found = cache.find(ID);

            assertThat(found).as("find(1) on an empty cache: the row from the database")
                    .hasValue(new Product(1, "Espresso beans 1 kg", 100, 1));
            assertThat(products.reads()).as("database reads for one miss").isEqualTo(1);
            assertThat(cached(ID)).as("what Redis holds under product:1 after the miss: ProductJson.write(product)")
                    .isEqualTo(found);
            assertThat(redis.pttl(KEY))
                    .as("PTTL of product:1 in ms: expected the 60 s TTL. -1 means it never expires, so a lost"
                            + " invalidation would be stale forever. Use SET with PX (opsForValue().set(k, v, ttl))")
                    .isBetween(55_000L, 60_000L);
        }

        @Test
        @DisplayName("100 reads of the same product cost one database query")
        void hundredReadsOneQuery() {
            for (int i = 0; i < 100; i++) {
                assertThat(cache.find(ID).map(Product::priceCents)).as("read %d of product 1", i + 1).hasValue(100L);
            }

            assertThat(products.reads())
                    .as("database reads for 100 reads of one product: only the first should miss")
                    .isEqualTo(1);
        }

        @Test
        @DisplayName("an update commits to the database, then deletes the key, and the next read loads the new price")
        void updateDeletesTheKey() {
            cache.find(ID);
            stats.reset();

            Product committed = cache.updatePrice(ID, 250);

            assertThat(committed).as("updatePrice returns the row the database committed (version raised to 2)")
                    .isEqualTo(new Product(1, "Espresso beans 1 kg", 250, 2));
            assertThat(redis.exists(KEY)).as("product:1 exists after the update: invalidate-on-write deletes it")
                    .isFalse();
            assertThat(stats.calls("del") + stats.calls("unlink")).as("DEL/UNLINK commands for one update")
                    .isEqualTo(1);
            assertThat(stats.calls("set"))
                    .as("SET commands during the update: this strategy deletes; storing the new row is Task 3's")
                    .isZero();
            long readsBefore = products.reads();
            assertThat(cache.find(ID).map(Product::priceCents)).as("price read after the update").hasValue(250L);
            assertThat(products.reads() - readsBefore).as("database reads for that read: one miss").isEqualTo(1);
        }

        @Test
        @DisplayName("deleting before the database update is wrong: a reader in between caches the old price again")
        void deleteBeforeUpdateLetsAReaderRefillTheOldValue() {
            cache.find(ID);
            Pause writerBeforeUpdate = pause();
            products.beforeUpdate(writerBeforeUpdate);
            FutureTask<Product> writer = writerBeforeUpdate.start("writer", () -> cache.updatePrice(ID, 250));
            writerBeforeUpdate.awaitArrival("where the repository is about to run the UPDATE");

            Optional<Product> readMeanwhile = cache.find(ID);
            writerBeforeUpdate.release();
            Pause.join(writer, "the writer's updatePrice(1, 250)");

            assertThat(readMeanwhile.map(Product::priceCents))
                    .as("a read while the write had not reached the database yet: the old price is right then")
                    .hasValue(100L);
            assertThat(cache.find(ID).map(Product::priceCents))
                    .as("price read after the write finished. If the key is deleted BEFORE the UPDATE, the reader"
                            + " in between misses, reads 100 from the database and caches it; then the UPDATE"
                            + " commits 250 and nothing deletes the key again. Update the database first, then"
                            + " delete")
                    .hasValue(250L);
        }

        @Test
        @DisplayName("a write the database refuses leaves the cached product untouched")
        void refusedWriteKeepsTheCachedProduct() {
            cache.find(ID);
            refusedWriteLeavesCacheAlone("Task 1, InvalidatingProductCache", cache);
        }

        @Test
        @DisplayName("a rolled-back transaction leaves the cached product untouched")
        void rolledBackWriteKeepsTheCachedProduct() {
            cache.find(ID);
            rolledBackWriteLeavesCacheAlone("Task 1, InvalidatingProductCache", cache);
        }
    }

    @Nested
    @Task(2)
    @DisplayName("Task 2: leases: a delete cancels every fill that started before it")
    class Task2_Leases {

        InvalidatingProductCache cache;

        @BeforeEach
        void setUp() {
            cache = new InvalidatingProductCache(template, products, TTL, LEASE);
        }

        @Test
        @DisplayName("the stale-set race: a reader that read the old row before an update cannot store it later")
        void staleSetRace() {
            // tag::stale-set-race[]
            Pause readerAfterSelect = pause();
            products.afterRead(readerAfterSelect);
            FutureTask<Optional<Product>> reader = readerAfterSelect.start("reader", () -> cache.find(ID));
            readerAfterSelect.awaitArrival("after its database read (cache empty, so it read price 100)");

            cache.updatePrice(ID, 250);
            readerAfterSelect.release();
            Optional<Product> readerSaw = Pause.join(reader, "the reader's find(1)");
            // end::stale-set-race[]

            assertThat(readerSaw.map(Product::priceCents))
                    .as("the slow reader's own answer: the price it read, which was true when it read it")
                    .hasValue(100L);
            assertThat(cached(ID).map(Product::version))
                    .as("version cached under product:1 after the race. The reader read version 1, the writer"
                            + " committed version 2 and deleted the key, then the reader stored version 1: the cache"
                            + " serves the old price until the TTL ends. On a miss take a lease (SET NX PX), and"
                            + " store only if the key still holds your lease, checked and set in one Lua script")
                    .isNotEqualTo(Optional.of(1L));
            assertThat(cache.find(ID).map(Product::priceCents)).as("price read after the race").hasValue(250L);
        }

        @Test
        @DisplayName("two readers and a delete between them: the first reader's fill fails, as the lease is not its own")
        void leaseIsEachReadersOwn() {
            Pause firstReader = pause();
            Pause secondReader = pause();
            products.afterRead(() -> {
                firstReader.run();
                secondReader.run();
            });
            FutureTask<Optional<Product>> first = firstReader.start("first-reader", () -> cache.find(ID));
            firstReader.awaitArrival("after its database read (price 100, version 1), holding its lease");
            cache.updatePrice(ID, 250); // commits version 2 and deletes the key, and with it the first lease
            FutureTask<Optional<Product>> second = secondReader.start("second-reader", () -> cache.find(ID));
            secondReader.awaitArrival("after its database read (price 250, version 2), holding a new lease");

            firstReader.release();
            Pause.join(first, "the first reader's find(1)");
            secondReader.release();
            Pause.join(second, "the second reader's find(1)");

            assertThat(cached(ID).map(Product::version))
                    .as("version cached under product:1. The first reader's lease was deleted by the update, the"
                            + " second reader took a new lease, and then the first reader's fill found 'a lease' in"
                            + " the key and stored version 1 over it: a lease must be unique to the reader that took"
                            + " it (a UUID in it), not the same marker string for everyone")
                    .isNotEqualTo(Optional.of(1L));
        }

        @Test
        @DisplayName("a reader that meets another reader's lease answers from the database and leaves the lease alone")
        void secondReaderDoesNotFill() {
            Pause firstReader = pause();
            products.afterRead(firstReader);
            FutureTask<Optional<Product>> first = firstReader.start("first-reader", () -> cache.find(ID));
            firstReader.awaitArrival("after its database read, holding the lease");

            Optional<Product> second = cache.find(ID);

            assertThat(second.map(Product::priceCents)).as("the second reader's answer, from the database")
                    .hasValue(100L);
            assertThat(cached(ID))
                    .as("product cached under product:1 by the second reader: none expected, the first reader holds"
                            + " the lease. Only the lease holder may fill; if SET NX did not give you the lease,"
                            + " answer from the database and store nothing")
                    .isEmpty();
            firstReader.release();
            Pause.join(first, "the first reader's find(1)");
            assertThat(cached(ID)).as("product:1 once the lease holder finished: it fills the cache")
                    .hasValue(new Product(1, "Espresso beans 1 kg", 100, 1));
        }

        @Test
        @DisplayName("a fill is one script call, and the product it stores gets the value's TTL, not the lease's")
        void fillIsAScriptWithTheValuesTtl() {
            stats.reset();

            cache.find(ID);

            assertThat(scriptsOrTransactions())
                    .as("EVAL/EVALSHA (or EXEC) commands for one miss: a GET in Java then a SET in Java leaves a"
                            + " gap where a writer's DEL fits. Check the lease and SET in one script"
                            + " (template.execute(RedisScript, keys, args))")
                    .isPositive();
            assertThat(cached(ID)).as("product:1 after the miss").isPresent();
            assertThat(redis.pttl(KEY)).as("PTTL of product:1 in ms after the fill: the value's TTL, not the lease's")
                    .isBetween(55_000L, 60_000L);
            for (Duration ttl : List.of(Duration.ofMillis(1_500), Duration.ofMillis(900))) {
                redis.del(KEY);
                new InvalidatingProductCache(template, products, ttl, LEASE).find(ID);
                assertThat(redis.pttl(KEY)).as("PTTL of product:1 in ms after a fill with a TTL of %d ms: send it in"
                        + " milliseconds (PX, toMillis()); EX with toSeconds() cuts 1 500 ms to 1 000 and 900 ms to"
                        + " 0, an error or no TTL", ttl.toMillis()).isBetween(ttl.toMillis() - 400, ttl.toMillis());
            }
        }

        @Test
        @DisplayName("the lease check and the store are one atomic step: a delete cannot land between them")
        void leaseCheckAndStoreAreAtomic() {
            GetHook getHook = new GetHook(connectionFactory);
            InvalidatingProductCache cache =
                    new InvalidatingProductCache(new StringRedisTemplate(getHook), products, TTL, LEASE);
            // After the reader's database read, a GET it sends can only be a lease check done in Java: the writer
            // commits and deletes right after that GET answered, before the reader's next command.
            products.afterRead(once(() -> getHook.arm(
                    () -> Pause.onOwnThread("writer", () -> cache.updatePrice(ID, 250)))));
            stats.reset();

            cache.find(ID);
            boolean writerRanBetween = getHook.disarm();
            if (!writerRanBetween) {
                cache.updatePrice(ID, 250); // no gap in the fill: the same write, right after it
            }

            assertThat(cached(ID).map(Product::version))
                    .as("version cached under product:1 after a writer committed version 2 and deleted the key%s."
                            + " A lease check in Java (GET, compare, then SET) has a gap between the GET and the SET"
                            + " where the writer's DEL fits: check the lease and SET in one Lua script",
                            writerRanBetween ? ", right after your find's GET of product:1 had answered (your lease"
                                    + " was still there then), before your SET of version 1" : "")
                    .isNotEqualTo(Optional.of(1L));
            assertThat(scriptsOrTransactions())
                    .as("EVAL/EVALSHA (or EXEC) commands for a miss and a write: the fill checks the lease and"
                            + " stores in one script")
                    .isPositive();
            assertThat(cache.find(ID).map(Product::priceCents)).as("price read after the race").hasValue(250L);
        }

        @Test
        @DisplayName("a miss on a product that does not exist leaves no lease behind")
        void missingProductLeavesNoLease() {
            Pause readerAfterSelect = pause();
            products.afterRead(readerAfterSelect);
            FutureTask<Optional<Product>> reader = readerAfterSelect.start("reader", () -> cache.find(999));
            readerAfterSelect.awaitArrival("after its database read of product 999, which does not exist");

            assertThat(stats.allKeys())
                    .as("keys while a reader loads product 999: a miss takes its lease before it can know whether"
                            + " the row exists")
                    .isNotEmpty();
            readerAfterSelect.release();
            assertThat(Pause.join(reader, "the reader's find(999)")).as("find(999): there is no product 999")
                    .isEmpty();
            assertThat(stats.allKeys())
                    .as("keys after find(999) came back empty: the lease must go as well (the fill script deletes"
                            + " it when there is no row to store). Left behind, it makes every reader of product 999"
                            + " skip the cache until it expires, and it is one more key per unknown id")
                    .isEmpty();
        }

        @Test
        @DisplayName("a reader that dies while loading blocks the cache only until its lease expires")
        void deadReadersLeaseExpires() {
            Duration shortLease = Duration.ofMillis(1_500);
            InvalidatingProductCache cache = new InvalidatingProductCache(template, products, TTL, shortLease);
            Pause readerAfterSelect = pause();
            products.afterRead(readerAfterSelect);
            FutureTask<Optional<Product>> reader = readerAfterSelect.start("reader", () -> cache.find(ID));
            readerAfterSelect.awaitArrival("after its database read, holding the lease");

            assertThat(stats.allKeys()).as("keys while a reader loads product 1: its lease should be there")
                    .isNotEmpty();
            for (String key : stats.allKeys()) {
                assertThat(redis.pttl(key))
                        .as("PTTL of %s in ms while a reader loads: a lease needs the lease TTL (1.5 s here). -1:"
                                + " without it, a reader that crashes now blocks every fill of the key forever; 1 000"
                                + " or less: the lease went out in whole seconds (toSeconds()), pass the Duration or"
                                + " milliseconds", key)
                        .isBetween(1_001L, shortLease.toMillis());
            }
            readerAfterSelect.crash(new IllegalStateException("simulated: the reader died while loading"));
            assertThat(catchThrowable(() -> reader.get(5, TimeUnit.SECONDS)))
                    .as("how the reader that died at the hook ended: its find must not swallow the failure")
                    .isInstanceOf(ExecutionException.class);

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                cache.find(ID);
                assertThat(cached(ID)).as("product:1 once the dead reader's lease expired: a new miss fills it")
                        .isPresent();
            });
        }
    }

    @Nested
    @Task(3)
    @DisplayName("Task 3: write-through: update the database, then store the new row")
    class Task3_WriteThrough {

        WriteThroughProductCache cache;

        @BeforeEach
        void setUp() {
            cache = new WriteThroughProductCache(template, products, TTL);
        }

        @Test
        @DisplayName("an update stores the committed row with a TTL, so the next read costs no query")
        void updateStoresTheNewRow() {
            cache.find(ID);
            stats.reset();

            Product committed = cache.updatePrice(ID, 250);

            assertThat(committed).as("updatePrice returns the row the database committed")
                    .isEqualTo(new Product(1, "Espresso beans 1 kg", 250, 2));
            assertThat(stats.calls("del") + stats.calls("unlink"))
                    .as("DEL/UNLINK during a write-through update: this strategy replaces the value").isZero();
            assertThat(cached(ID)).as("product:1 right after the update: the committed row").hasValue(committed);
            assertThat(redis.pttl(KEY)).as("PTTL of product:1 in ms after the update: did you store it with PX?")
                    .isBetween(55_000L, 60_000L);
            long readsBefore = products.reads();
            assertThat(cache.find(ID).map(Product::priceCents)).as("price read after the update").hasValue(250L);
            assertThat(products.reads() - readsBefore)
                    .as("database reads for the read after a write-through update: the cache holds the new row")
                    .isZero();
            long price = 300;
            for (Duration ttl : List.of(Duration.ofMillis(1_500), Duration.ofMillis(900))) {
                new WriteThroughProductCache(template, products, ttl).updatePrice(ID, price++);
                assertThat(redis.pttl(KEY)).as("PTTL of product:1 in ms after an update with a TTL of %d ms: send it"
                        + " in milliseconds (PX, toMillis()); EX with toSeconds() cuts 1 500 ms to 1 000 and 900 ms to"
                        + " 0, an error or no TTL", ttl.toMillis()).isBetween(ttl.toMillis() - 400, ttl.toMillis());
            }
        }

        @Test
        @DisplayName("an update of a product nobody has read yet puts it in the cache too")
        void updateOfAnUncachedProduct() {
            Product committed = cache.updatePrice(2, 275);

            assertThat(cached(2)).as("product:2 after updating it with an empty cache: write-through stores every"
                    + " write, read or not (the memory cost of this strategy)").hasValue(committed);
            assertThat(cache.find(2).map(Product::priceCents)).as("price of product 2 read afterwards")
                    .hasValue(275L);
            assertThat(products.reads()).as("database reads: none, the write filled the cache").isZero();
        }

        @Test
        @DisplayName("a write the database refuses leaves the cache untouched")
        void refusedWriteKeepsTheCache() {
            cache.find(ID);
            refusedWriteLeavesCacheAlone("Task 3, WriteThroughProductCache", cache);
        }

        @Test
        @DisplayName("a rolled-back transaction leaves the cache untouched")
        void rolledBackWriteKeepsTheCache() {
            cache.find(ID);
            rolledBackWriteLeavesCacheAlone("Task 3, WriteThroughProductCache", cache);
        }
    }

    @Nested
    @Task(4)
    @DisplayName("Task 4: versioned stores: Redis keeps only a newer row")
    class Task4_VersionedWrites {

        WriteThroughProductCache cache;

        @BeforeEach
        void setUp() {
            cache = new WriteThroughProductCache(template, products, TTL);
        }

        @Test
        @DisplayName("two racing writers: the cache ends with the row the database committed last")
        void racingWriters() {
            Pause writerAAfterCommit = pause();
            products.afterCommit(writerAAfterCommit);
            FutureTask<Product> writerA = writerAAfterCommit.start("writer-a", () -> cache.updatePrice(ID, 200));
            writerAAfterCommit.awaitArrival("after its COMMIT of price 200 (version 2), before its cache store");

            cache.updatePrice(ID, 300);
            writerAAfterCommit.release();
            Pause.join(writerA, "writer A's updatePrice(1, 200)");

            assertThat(priceInDatabase()).as("price in the database: writer B committed 300 last").isEqualTo(300);
            assertThat(cached(ID).map(Product::priceCents))
                    .as("price cached under product:1. Writer A committed 200 (version 2) first but stored it last,"
                            + " over B's 300 (version 3): the cache disagrees with the database until the TTL. Store"
                            + " through a Lua script that keeps the value only if its version is higher than the"
                            + " cached one")
                    .hasValue(300L);
        }

        @Test
        @DisplayName("a slow reader cannot overwrite a newer row that a write stored meanwhile")
        void slowReaderCannotOverwrite() {
            Pause readerAfterSelect = pause();
            products.afterRead(readerAfterSelect);
            FutureTask<Optional<Product>> reader = readerAfterSelect.start("reader", () -> cache.find(ID));
            readerAfterSelect.awaitArrival("after its database read (price 100, version 1)");

            cache.updatePrice(ID, 250);
            readerAfterSelect.release();
            Pause.join(reader, "the reader's find(1)");

            assertThat(cached(ID).map(Product::version))
                    .as("version cached under product:1. The reader read version 1, the writer stored version 2,"
                            + " then the reader stored version 1 over it: the stale-set race exists in write-through"
                            + " too. Fill a miss through the same versioned script as a write")
                    .hasValue(2L);
        }

        @Test
        @DisplayName("the version check and the store are one atomic step: a newer write cannot land between them")
        void versionedStoreIsAtomic() {
            GetHook getHook = new GetHook(connectionFactory);
            WriteThroughProductCache cache =
                    new WriteThroughProductCache(new StringRedisTemplate(getHook), products, TTL);
            cache.find(ID);
            // After writer A's commit, a GET it sends can only be a version check done in Java: writer B commits
            // and stores right after that GET answered, before A's next command.
            products.afterCommit(once(() -> getHook.arm(
                    () -> Pause.onOwnThread("writer-b", () -> cache.updatePrice(ID, 300)))));
            stats.reset();

            cache.updatePrice(ID, 200);
            boolean writerBRanBetween = getHook.disarm();
            if (!writerBRanBetween) {
                cache.updatePrice(ID, 300); // no gap in A's store: the same write, right after it
            }

            assertThat(priceInDatabase()).as("price in the database: writer B committed 300 last").isEqualTo(300);
            assertThat(cached(ID).map(Product::priceCents))
                    .as("price cached under product:1%s. A version check in Java (GET, compare, then SET) has a gap"
                            + " between the GET and the SET where another writer's store fits. Compare and SET in"
                            + " one Lua script (cjson.decode(value).version)",
                            writerBRanBetween ? ": writer A (200, version 2) read version 1 with its GET; before its"
                                    + " SET, writer B committed 300 (version 3) and stored it; then A's SET put"
                                    + " version 2 over it" : "")
                    .hasValue(300L);
            assertThat(scriptsOrTransactions())
                    .as("EVAL/EVALSHA (or EXEC) commands for two updates: each store compares and sets in one"
                            + " script")
                    .isPositive();
        }

        @Test
        @DisplayName("versions past 9 compare as numbers: version 9 never replaces version 10")
        void versionsCompareAsNumbers() {
            for (int price = 101; price <= 108; price++) {
                cache.updatePrice(ID, price); // versions 2 to 9
            }
            redis.del(KEY);
            Pause readerAfterSelect = pause();
            products.afterRead(readerAfterSelect);
            FutureTask<Optional<Product>> reader = readerAfterSelect.start("reader", () -> cache.find(ID));
            readerAfterSelect.awaitArrival("after its database read (version 9)");

            cache.updatePrice(ID, 250); // version 10, stored
            readerAfterSelect.release();
            Pause.join(reader, "the reader's find(1)");

            assertThat(cached(ID).map(Product::version))
                    .as("version cached under product:1. The writer stored version 10, then the slow reader's store"
                            + " of version 9 replaced it: compared as strings, '9' > '10'. Compare numbers in the"
                            + " script (tonumber on both sides)")
                    .hasValue(10L);
        }

        @Test
        @DisplayName("a store replaces valid JSON that is not a product with a version (a number, a string, a list, no version)")
        void storeReplacesJsonOfTheWrongShape() {
            long version = 1;
            for (String wrongShape : List.of("42", "\"text\"", "[1,2]", "{\"id\":1,\"name\":\"Espresso\"}",
                    "{\"id\":1,\"version\":\"new\"}", "true")) {
                redis.set(KEY, wrongShape);
                version++;

                Throwable thrown = Todo.surfacing(catchThrowable(() -> cache.updatePrice(ID, 250)));

                assertThat(thrown).as("what updatePrice(1, 250) threw while product:1 held %s, valid JSON but no"
                        + " product with a version. pcall only catches the decode error: check that the result is a"
                        + " table and that tonumber(product.version) is a number before comparing, or the script"
                        + " fails after the database has committed", wrongShape).isNull();
                assertThat(cached(ID).map(Product::version)).as("version cached after the update over %s: the"
                        + " committed row replaces what cannot be read", wrongShape).hasValue(version);
            }
        }

        @Test
        @DisplayName("a store replaces a value that is not a product (a truncated JSON) instead of failing")
        void storeReplacesACorruptValue() {
            redis.set(KEY, "{\"id\":1,\"name\":\"Espresso");
            stats.reset();

            Throwable thrown = catchThrowable(() -> cache.updatePrice(ID, 250));

            assertThat(thrown)
                    .as("what updatePrice(1, 250) threw while product:1 held a truncated JSON. cjson.decode raises"
                            + " an error on it, which fails the whole script: decode with pcall, and treat what you"
                            + " cannot read as no cached version")
                    .isNull();
            assertThat(scriptsOrTransactions())
                    .as("EVAL/EVALSHA commands for the update: its store goes through the versioned script")
                    .isPositive();
            assertThat(cached(ID)).as("product:1 after the update: the committed row, in place of the corrupt value")
                    .hasValue(new Product(1, "Espresso beans 1 kg", 250, 2));
        }
    }

    @Nested
    @Task(5)
    @DisplayName("Task 5: the summary: what each strategy costs and what it serves")
    class Task5_Summary {

        /** Runs {@code workload} through a strategy on a fresh database and an empty Redis. */
        private Summary measure(String strategy, Function<ProductRepository, ProductCache> cacheFor,
                List<Operation> workload) {
            redis.flushDB();
            try (ProductRepository fresh = ProductRepository.inMemory()) {
                // A query before the run: the summary must count only the run's own, by the counters' difference.
                fresh.findById(ID);
                return StrategyComparison.measure(strategy, cacheFor.apply(fresh), fresh, workload);
            }
        }

        private List<Summary> measureAll(List<Operation> workload) {
            return List.of(
                    measure("TTL only", repo -> new TtlOnlyProductCache(template, repo, TTL), workload),
                    measure("invalidate on write",
                            repo -> new InvalidatingProductCache(template, repo, TTL, LEASE), workload),
                    measure("write-through", repo -> new WriteThroughProductCache(template, repo, TTL), workload));
        }

        @Test
        @DisplayName("a six-step workload gives the figures you can work out on paper")
        void handWorkedWorkload() {
            List<Operation> workload = List.of(Operation.read(1), Operation.read(1), Operation.write(1, 250),
                    Operation.read(1), Operation.read(1), Operation.read(2));

            List<Summary> summaries = measureAll(workload);

            assertThat(summaries.get(0))
                    .as("TTL only on %s: misses on the first read of 1 and of 2; the write does not touch the cache,"
                            + " so both reads of 1 after it serve version 1 while the database has version 2",
                            workload)
                    .isEqualTo(new Summary("TTL only", 5, 1, 2, 1, 2));
            assertThat(summaries.get(1))
                    .as("invalidate on write on %s: the delete costs one more miss after the write, and no read is"
                            + " stale", workload)
                    .isEqualTo(new Summary("invalidate on write", 5, 1, 3, 1, 0));
            assertThat(summaries.get(2))
                    .as("write-through on %s: the write fills the cache, so only the first reads of 1 and 2 miss",
                            workload)
                    .isEqualTo(new Summary("write-through", 5, 1, 2, 1, 0));
        }

        @Test
        @DisplayName("on a seeded workload only the TTL-only baseline serves stale reads; write-through saves reads")
        void seededWorkload() {
            List<Operation> workload = Workload.skewed(8, 1_000, 50, 0.1);

            List<Summary> summaries = measureAll(workload);
            System.out.println("Lab 08 summary, seeded workload (1,000 operations, 50 products, 10 % writes):\n"
                    + Summary.markdownTable(summaries));

            Summary ttlOnly = summaries.get(0);
            Summary invalidate = summaries.get(1);
            Summary writeThrough = summaries.get(2);
            for (Summary summary : summaries) {
                assertThat(summary.reads() + summary.writes()).as("%s: reads + writes", summary.strategy())
                        .isEqualTo(workload.size());
                assertThat(summary.databaseWrites()).as("%s: every write reaches the database", summary.strategy())
                        .isEqualTo(summary.writes());
                assertThat(summary.databaseReads()).as("%s: the cache should save most reads", summary.strategy())
                        .isLessThan(summary.reads() / 4);
            }
            assertThat(ttlOnly.staleReads())
                    .as("stale reads with TTL only: every read of a product between its write and its expiry")
                    .isPositive();
            assertThat(invalidate.staleReads()).as("stale reads with invalidate on write").isZero();
            assertThat(writeThrough.staleReads()).as("stale reads with write-through").isZero();
            assertThat(writeThrough.databaseReads())
                    .as("database reads: write-through (%s) should need fewer than invalidate on write (%s), whose"
                            + " every write costs a later miss", writeThrough, invalidate)
                    .isLessThan(invalidate.databaseReads());
        }
    }
}

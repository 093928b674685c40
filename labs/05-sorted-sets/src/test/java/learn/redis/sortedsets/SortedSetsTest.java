package learn.redis.sortedsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import learn.redis.support.CommandMonitor;
import learn.redis.support.CommandMonitor.Command;
import learn.redis.support.Concurrently;
import learn.redis.support.RedisLab;
import learn.redis.support.RedisStats;
import learn.redis.support.Task;
import learn.redis.support.TestClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ZRangeParams;

/**
 * Lab 05. {@code redis} is the test's own client: it sets things up and reads what the server really holds, so a
 * test sees the truth even when the code under test is wrong.
 */
@RedisLab
@DisplayName("Lab 05 · Sorted sets: leaderboards, sliding windows, delayed jobs")
class SortedSetsTest {

    static final String BOARD = "leaderboard:weekly";

    RedisClient redis;
    RedisStats stats;

    @BeforeEach
    void setUp(RedisClient redis, RedisStats stats) {
        this.redis = redis;
        this.stats = stats;
    }

    /** Ten players: p01 with 10 points up to p10 with 100, so p10 is first and p01 is tenth. */
    void tenPlayers() {
        for (int i = 1; i <= 10; i++) {
            redis.zadd(BOARD, i * 10, String.format("p%02d", i));
        }
    }

    @Nested
    @Task(1)
    @DisplayName("Task 1: a leaderboard with ranks, the top and a player's neighbours")
    class Task1_Leaderboard {

        Leaderboard board;

        @BeforeEach
        void setUp() {
            board = new Leaderboard(redis, "weekly");
        }

        @Test
        @DisplayName("addPoints adds on the server with ZINCRBY and returns the new total")
        void addPointsIncrementsOnTheServer() {
            stats.reset();

            long first = board.addPoints("ann", 30);
            long second = board.addPoints("ann", 12);

            assertThat(first).as("addPoints(ann, 30) for a new player: a missing player starts at 0").isEqualTo(30);
            assertThat(second).as("addPoints(ann, 12) after 30").isEqualTo(42);
            assertThat(stats.calls("zincrby")).as("ZINCRBY calls for two addPoints").isEqualTo(2);
            assertThat(stats.calls("zscore")).as("ZSCORE calls: reading the score, adding in Java and writing it"
                    + " back loses points when two updates overlap. ZINCRBY returns the new total anyway").isZero();
            assertThat(redis.zscore(BOARD, "ann")).as("ZSCORE " + BOARD + " ann").isEqualTo(42.0);
            assertThat(board.addPoints("whale", 3_000_000_000L)).as("addPoints(whale, 3 000 000 000): past"
                    + " Integer.MAX_VALUE, a cast to int on the way turns it negative").isEqualTo(3_000_000_000L);
        }

        @Test
        @DisplayName("top lists the best players first, with 1-based ranks and scores, in one command")
        void topListsBestFirst() {
            tenPlayers();
            stats.reset();

            List<Standing> top = board.top(3);

            assertThat(top).as("top(3) of p01 (10 points) .. p10 (100 points): highest score first, rank 1 is"
                    + " the best").containsExactly(new Standing(1, "p10", 100), new Standing(2, "p09", 90),
                    new Standing(3, "p08", 80));
            assertThat(stats.calls("zrevrange") + stats.calls("zrange")).as("ZREVRANGE/ZRANGE calls for top(3)")
                    .isEqualTo(1);
            assertThat(stats.calls("zscore")).as("ZSCORE calls: ask for WITHSCORES instead of one ZSCORE per"
                    + " player").isZero();
            assertThat(board.top(50)).as("top(50) of 10 players: everybody, no error").hasSize(10);
        }

        @Test
        @DisplayName("standingOf gives the leader rank 1, and nothing for a player not on the board")
        void standingOfIsOneBased() {
            tenPlayers();

            assertThat(board.standingOf("p10")).as("standingOf(p10), the leader: ZREVRANK says 0, people say 1")
                    .contains(new Standing(1, "p10", 100));
            assertThat(board.standingOf("p01")).as("standingOf(p01), the last of ten")
                    .contains(new Standing(10, "p01", 10));
            assertThat(board.standingOf("nobody")).as("standingOf a player not on the board: ZREVRANK returns"
                    + " nil (null in Java), which is not rank 0").isEmpty();
        }

        @Test
        @DisplayName("standingOf reads rank and score at the same moment: one MULTI/EXEC (or script)")
        void standingOfReadsOneMoment(CommandMonitor monitor) {
            tenPlayers();

            List<Command> commands = monitor.during(() -> board.standingOf("p05"));

            List<String> apart = IntStream.range(0, commands.size())
                    .filter(i -> List.of("zrevrank", "zrank", "zscore").contains(commands.get(i).name())
                            && !CommandMonitor.inAtomicStep(commands, i))
                    .mapToObj(i -> commands.get(i).toString()).toList();
            assertThat(apart).as("rank and score read by separate commands (MONITOR saw %s): another client's"
                    + " ZINCRBY between them gives a rank from one moment and a score from another, a standing that"
                    + " never was. Read both in one MULTI/EXEC", commands).isEmpty();
        }

        @Test
        @DisplayName("around shows a player's neighbours, and does not wrap around at the top")
        void aroundShowsNeighbours() {
            tenPlayers();

            assertThat(board.around("p05", 2)).as("around(p05, 2): ranks 4 to 8").extracting(Standing::player)
                    .containsExactly("p07", "p06", "p05", "p04", "p03");
            assertThat(board.around("p05", 2).get(0).rank()).as("rank of the first player around(p05, 2)")
                    .isEqualTo(4);
            assertThat(board.around("p09", 2)).as("around(p09, 2) for the player ranked 2: there is one player"
                    + " above. A start index below 0 counts from the END of the set, clamp it at 0")
                    .containsExactly(new Standing(1, "p10", 100), new Standing(2, "p09", 90),
                            new Standing(3, "p08", 80), new Standing(4, "p07", 70));
            assertThat(board.around("nobody", 2)).as("around a player not on the board").isEmpty();
        }

        @Test
        @DisplayName("top refuses n below 1 and around a negative radius, instead of a surprising answer")
        void refusesSizesThatMakeNoSense() {
            tenPlayers();

            assertThat(catchThrowable(() -> board.top(0))).as("top(0) should throw IllegalArgumentException. Ranks 0"
                    + " to n - 1 = -1 would be read as 'to the LAST rank', the whole board: check n before asking")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(catchThrowable(() -> board.top(-3))).as("top(-3) should throw IllegalArgumentException")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(catchThrowable(() -> board.around("p05", -1))).as("around(p05, -1) should throw"
                    + " IllegalArgumentException: a negative radius is a caller's bug, not an empty neighbourhood")
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("equal scores have one order everywhere: reverse alphabetical, as ZREVRANGE returns them")
        void tiesHaveOneOrder() {
            redis.zadd(BOARD, Map.of("alice", 100.0, "bob", 100.0, "carl", 50.0));

            assertThat(board.top(3)).as("top(3) with alice and bob tied at 100: Redis orders equal scores by"
                    + " member, and REV reverses that too, so bob comes first")
                    .extracting(Standing::player).containsExactly("bob", "alice", "carl");
            assertThat(board.standingOf("bob").map(Standing::rank)).as("standingOf(bob): the same rank top()"
                    + " shows. Computing a rank from the score (ZCOUNT of higher scores) would give both 1")
                    .contains(1L);
            assertThat(board.standingOf("alice").map(Standing::rank)).as("standingOf(alice)").contains(2L);
        }
    }

    @Nested
    @Task(2)
    @DisplayName("Task 2: best scores only, and a board capped to the top N")
    class Task2_BestAndCap {

        Leaderboard board;

        @BeforeEach
        void setUp() {
            board = new Leaderboard(redis, "weekly");
        }

        @Test
        @DisplayName("submitBest keeps a player's best score: a lower one changes nothing")
        void submitBestKeepsTheBest() {
            board.submitBest("ann", 100);
            assertThat(redis.zscore(BOARD, "ann")).as("ann's score after her first submitBest(ann, 100): null means"
                    + " she was never added. Did you add XX? It only updates players already on the board")
                    .isEqualTo(100.0);

            boolean lower = board.submitBest("ann", 80);
            assertThat(lower).as("submitBest(ann, 80) after 100: not a new best").isFalse();
            assertThat(redis.zscore(BOARD, "ann")).as("ann's score after submitting 80 with a best of 100")
                    .isEqualTo(100.0);

            boolean higher = board.submitBest("ann", 120);
            assertThat(higher).as("submitBest(ann, 120) after 100: a new best. ZADD's plain reply counts only"
                    + " ADDED members; the CH option counts changed ones too").isTrue();
            assertThat(redis.zscore(BOARD, "ann")).as("ann's score after submitting 120").isEqualTo(120.0);
            assertThat(board.submitBest("ann", 3_000_000_000L)).as("submitBest(ann, 3 000 000 000) after 120: past"
                    + " Integer.MAX_VALUE, still a new best").isTrue();
            assertThat(redis.zscore(BOARD, "ann")).as("ann's score after submitting 3 000 000 000")
                    .isEqualTo(3_000_000_000.0);
        }

        @Test
        @DisplayName("a player's first score puts them on the board (GT still adds; only XX would not)")
        void firstScoreAddsThePlayer() {
            boolean added = board.submitBest("newcomer", 5);

            assertThat(added).as("submitBest(newcomer, 5) for a player not on the board yet should return true. Did"
                    + " you add XX? XX only updates players already on the board, so ZADD XX GT adds nobody")
                    .isTrue();
            assertThat(redis.zscore(BOARD, "newcomer")).as("newcomer's score after submitBest(newcomer, 5)")
                    .isEqualTo(5.0);
        }

        @Test
        @DisplayName("submitBest is one ZADD GT, so eight racing submissions still keep the highest")
        void submitBestIsOneCommand() {
            board.submitBest("ann", 1);
            AtomicInteger submissions = new AtomicInteger();
            stats.reset();

            Concurrently.run(8, () -> board.submitBest("ann", 10 * submissions.incrementAndGet()));

            assertThat(stats.calls("zscore")).as("ZSCORE calls: reading the best, comparing in Java and writing"
                    + " lets a slow, lower submission overwrite a higher one. ZADD GT compares on the server")
                    .isZero();
            assertThat(stats.calls("zadd")).as("ZADD calls for 8 submissions").isEqualTo(8);
            assertThat(redis.zscore(BOARD, "ann")).as("ann's score after 8 simultaneous submissions of 10..80")
                    .isEqualTo(80.0);
        }

        @Test
        @DisplayName("keepTop(3) keeps exactly the best 3 players and says how many it removed")
        void keepTopKeepsExactlyN() {
            tenPlayers();
            stats.reset();

            long removed = board.keepTop(3);
            assertThat(stats.applicationCalls()).as("commands sent by keepTop(3): one ZREMRANGEBYRANK. Reading the"
                    + " ranks to remove (ZRANGE) and then removing them (ZREM) is two steps: a player who scores"
                    + " between them is removed although now in the top 3, or one who drops out survives")
                    .isEqualTo(Map.of("zremrangebyrank", 1L));

            assertThat(redis.zrange(BOARD, ZRangeParams.zrangeParams(0, -1).rev())).as("players left after keepTop(3):"
                    + " ZREMRANGEBYRANK 0 -3 removes one too many, 0 -4 keeps three")
                    .containsExactly("p10", "p09", "p08");
            assertThat(removed).as("keepTop(3) of 10 players: how many were removed").isEqualTo(7);
            assertThat(board.keepTop(5)).as("keepTop(5) of a board of 3: nothing to remove").isZero();
            assertThat(redis.zcard(BOARD)).as("players left after keepTop(5) of 3").isEqualTo(3);
            assertThat(catchThrowable(() -> board.keepTop(0))).as("keepTop(0) would empty the board: it should throw"
                    + " IllegalArgumentException").isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @Task(3)
    @DisplayName("Task 3: a sliding-window rate limiter")
    class Task3_SlidingWindow {

        static final Duration MINUTE = Duration.ofMinutes(1);

        TestClock clock;

        @BeforeEach
        void setUp() {
            clock = TestClock.atRoundTime();
        }

        @Test
        @DisplayName("allows 3 requests in the same millisecond and refuses the 4th")
        void refusesOverTheLimit() {
            SlidingWindowLimiter limiter = new SlidingWindowLimiter(redis, clock, 3, MINUTE);

            List<Boolean> answers = IntStream.range(0, 4).mapToObj(i -> limiter.tryAcquire("ann")).toList();

            assertThat(answers).as("4 requests at the same instant with a limit of 3. If the 4th passes, are all"
                    + " your members the same timestamp? ZADD of an existing member only updates its score: make"
                    + " each member unique").containsExactly(true, true, true, false);
            assertThat(limiter.tryAcquire("bob")).as("bob's first request: each client has a window of its own")
                    .isTrue();
        }

        @Test
        @DisplayName("a limit past 9 counts as a number: 10 allowed, the 11th refused")
        void limitsPastNine() {
            SlidingWindowLimiter limiter = new SlidingWindowLimiter(redis, clock, 10, MINUTE);

            List<Boolean> answers = IntStream.range(0, 11).mapToObj(i -> limiter.tryAcquire("ann")).toList();

            assertThat(answers).as("11 requests with a limit of 10. Refused after 2? The count and the limit were"
                    + " compared as strings (\"2\" >= \"10\"): in Lua, compare tonumber(ARGV[...]) with the count")
                    .containsExactly(true, true, true, true, true, true, true, true, true, true, false);
        }

        @Test
        @DisplayName("a window that is not whole seconds, or under one second, expires the key to the millisecond")
        void windowsThatAreNotWholeSeconds() {
            Duration odd = Duration.ofMillis(60_950);
            Duration subSecond = Duration.ofMillis(990);

            new SlidingWindowLimiter(redis, clock, 3, odd).tryAcquire("ann");
            new SlidingWindowLimiter(redis, clock, 3, subSecond).tryAcquire("bob");

            assertThat(redis.pttl("ratelimit:ann")).as("PTTL of ratelimit:ann in ms after a request with a window"
                    + " of 60 950 ms: 60 000 or less means the expiry went out in whole seconds (EXPIRE), which"
                    + " drops the 950 ms. Use PEXPIRE with the window in ms").isBetween(60_001L, odd.toMillis());
            assertThat(redis.pttl("ratelimit:bob")).as("PTTL of ratelimit:bob in ms after a request with a window"
                    + " of 990 ms: -2 means it is gone at once (EXPIRE 0 deletes the key), 1000 a rounded-up EXPIRE"
                    + " 1. Use PEXPIRE").isBetween(1L, subSecond.toMillis());
        }

        @Test
        @DisplayName("the window slides: a request leaves it exactly one window after it was made")
        void windowSlides() {
            SlidingWindowLimiter limiter = new SlidingWindowLimiter(redis, clock, 3, MINUTE);
            limiter.tryAcquire("ann");                       // 00:00:00
            clock.advance(Duration.ofSeconds(20));
            limiter.tryAcquire("ann");                       // 00:00:20
            clock.advance(Duration.ofSeconds(20));
            limiter.tryAcquire("ann");                       // 00:00:40

            clock.set(Instant.parse("2030-01-01T00:00:59.999Z"));
            assertThat(limiter.tryAcquire("ann")).as("at 00:00:59.999 the 3 requests of the last minute are all"
                    + " in the window").isFalse();

            clock.set(Instant.parse("2030-01-01T00:01:00Z"));
            assertThat(limiter.tryAcquire("ann")).as("at 00:01:00 the request of 00:00:00 has left the window:"
                    + " remove scores up to now - window, inclusive").isTrue();
            assertThat(limiter.tryAcquire("ann")).as("a second request at 00:01:00: 00:00:20, 00:00:40 and"
                    + " 00:01:00 fill the window").isFalse();
        }

        @Test
        @DisplayName("a window under a second slides by the millisecond")
        void subSecondWindowSlidesByTheMillisecond() {
            SlidingWindowLimiter limiter = new SlidingWindowLimiter(redis, clock, 1, Duration.ofMillis(990));

            assertThat(limiter.tryAcquire("ann")).as("the first request, at 00:00:00.000").isTrue();
            clock.advance(Duration.ofMillis(500));
            assertThat(limiter.tryAcquire("ann")).as("a request at 00:00:00.500 with a limit of 1 per 990 ms: the"
                    + " first one is still in the window. Let in? Then the scores or the window went out in whole"
                    + " seconds (getEpochSecond(), window.toSeconds() is 0): keep both in milliseconds").isFalse();
            clock.advance(Duration.ofMillis(490));
            assertThat(limiter.tryAcquire("ann")).as("a request at 00:00:00.990: the first one is exactly one window"
                    + " old and has left it").isTrue();
        }

        @Test
        @DisplayName("refused requests are not recorded, so a client that keeps knocking gets back in")
        void refusedRequestsDoNotCount() {
            SlidingWindowLimiter limiter = new SlidingWindowLimiter(redis, clock, 2, MINUTE);
            limiter.tryAcquire("ann");
            limiter.tryAcquire("ann");
            clock.advance(Duration.ofSeconds(30));
            for (int i = 0; i < 5; i++) {
                limiter.tryAcquire("ann");                   // refused
            }

            assertThat(redis.zcard("ratelimit:ann")).as("ZCARD ratelimit:ann after 2 accepted and 5 refused"
                    + " requests: only accepted requests belong in the window").isEqualTo(2);
            clock.advance(Duration.ofSeconds(31));
            assertThat(limiter.tryAcquire("ann")).as("61 s after the 2 accepted requests, with the 5 refused ones"
                    + " made 30 s earlier: refused requests must not keep the client locked out").isTrue();
        }

        @Test
        @DisplayName("each check is one atomic step, and the client's key expires with its window")
        void oneAtomicStepWithTtl() {
            SlidingWindowLimiter limiter = new SlidingWindowLimiter(redis, clock, 3, MINUTE);
            stats.reset();

            limiter.tryAcquire("ann");

            assertThat(stats.calls("exec") + stats.calls("eval") + stats.calls("evalsha"))
                    .as("EXEC/EVAL/EVALSHA calls for one tryAcquire: drop old entries, count, add and expire in"
                            + " ONE atomic step (a Lua script, or WATCH + MULTI/EXEC with a retry), or two clients"
                            + " can both count 2 and both get in").isEqualTo(1);
            assertThat(stats.calls("pexpire") + stats.calls("expire"))
                    .as("PEXPIRE/EXPIRE calls for one accepted request: the key must expire").isPositive();
            assertThat(redis.pttl("ratelimit:ann")).as("PTTL of ratelimit:ann in ms: a client that goes away"
                    + " should not leave its key behind forever. Expire it after one window")
                    .isBetween(1L, MINUTE.toMillis());
            assertThat(catchThrowable(() -> new SlidingWindowLimiter(redis, clock, 0, MINUTE)))
                    .as("a limiter with a limit of 0 should throw IllegalArgumentException")
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(catchThrowable(() -> new SlidingWindowLimiter(redis, clock, 3, Duration.ZERO)))
                    .as("a limiter with a window of 0 should throw IllegalArgumentException")
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("every accepted request pushes the key's expiry a whole window away again")
        void acceptedRequestsRefreshTheTtl() {
            SlidingWindowLimiter limiter = new SlidingWindowLimiter(redis, clock, 3, MINUTE);
            limiter.tryAcquire("ann");                       // 00:00:00
            // The TTL runs on the server's real clock, not on the TestClock: set what 30 s later would leave.
            redis.pexpire("ratelimit:ann", Duration.ofSeconds(30).toMillis());
            clock.advance(Duration.ofSeconds(30));

            assertThat(limiter.tryAcquire("ann")).as("the second of 3 allowed requests, at 00:00:30").isTrue();
            assertThat(redis.pttl("ratelimit:ann")).as("PTTL of ratelimit:ann in ms after a request accepted at"
                    + " 00:00:30, when the key had 30 s left: it must live one window after the LAST accepted"
                    + " request, or it expires at 00:01:00 and forgets the 00:00:30 request while that is still in"
                    + " the window. PEXPIRE on every accepted request, not only when the key is new")
                    .isBetween(MINUTE.minusSeconds(5).toMillis(), MINUTE.toMillis());
        }

        @Test
        @DisplayName("a refused request is never written, not even for a moment: count first, then add")
        void refusedRequestIsNeverWritten() {
            SlidingWindowLimiter limiter = new SlidingWindowLimiter(redis, clock, 2, MINUTE);
            limiter.tryAcquire("ann");
            limiter.tryAcquire("ann");
            stats.reset();

            boolean third = limiter.tryAcquire("ann");

            assertThat(third).as("a 3rd request with a limit of 2").isFalse();
            assertThat(stats.calls("zadd")).as("ZADD calls for a refused request. Adding first and taking the"
                    + " member out again (ZREM) when over the limit lets other clients count the refused request in"
                    + " between. Limit 2, accepted at 00:00 and 00:30: a request at 00:59.999 is refused but still"
                    + " in the set when one at 01:00 drops 00:00 and counts 00:30, 00:59.999 and itself: 3, refused"
                    + " although it fits. Count first and add only if there is room: a Lua script, or WATCH +"
                    + " MULTI/EXEC with a retry").isZero();
        }

        @Test
        @DisplayName("the count and the add are one step: in one script, or in MULTI/EXEC guarded by WATCH")
        void countAndAddAreOneStep(CommandMonitor monitor) {
            SlidingWindowLimiter limiter = new SlidingWindowLimiter(redis, clock, 3, MINUTE);

            List<Command> commands = monitor.during(() -> limiter.tryAcquire("ann"));

            int add = IntStream.range(0, commands.size()).filter(i -> commands.get(i).name().equals("zadd"))
                    .findFirst().orElse(-1);
            assertThat(add).as("the ZADD of an accepted request (MONITOR saw %s)", commands).isNotNegative();
            Command zadd = commands.get(add);
            boolean countedInTheSameScript = zadd.fromScript() && CommandMonitor.scriptRunAround(commands, add)
                    .stream().anyMatch(c -> COUNTS.contains(c.name()));
            boolean watchedTransaction = CommandMonitor.insideMultiExec(commands, add)
                    && commands.subList(0, add).stream().anyMatch(c -> c.name().equals("watch")
                            && c.client().equals(zadd.client()) && c.args().contains("ratelimit:ann"));
            assertThat(countedInTheSameScript || watchedTransaction).as("was the count (ZCARD/ZCOUNT) made in the"
                    + " same atomic step as the ZADD? MONITOR saw %s. Counting with one command and adding in a"
                    + " later MULTI/EXEC (or a later script) leaves a gap: two requests both count 2 of 3 and both"
                    + " add. Count and add inside one Lua script, or WATCH the key before counting and retry when"
                    + " EXEC fails", commands).isTrue();
        }

        @Test
        @DisplayName("ten simultaneous requests with a limit of 5: exactly 5 get in")
        void concurrentRequestsRespectTheLimit() {
            SlidingWindowLimiter limiter = new SlidingWindowLimiter(redis, clock, 5, MINUTE);

            List<Boolean> answers = Concurrently.run(10, () -> limiter.tryAcquire("ann"));

            assertThat(answers.stream().filter(Boolean::booleanValue).count())
                    .as("accepted requests out of 10 simultaneous ones with a limit of 5: counting and adding in"
                            + " separate commands lets several requests see room for one").isEqualTo(5);
        }
    }

    /** The commands that count a client's window. */
    static final List<String> COUNTS = List.of("zcard", "zcount", "zrange", "zrangebyscore", "zlexcount");

    @Nested
    @Task(4)
    @DisplayName("Task 4: delayed jobs that two workers never both get")
    class Task4_DelayedJobs {

        TestClock clock;
        Instant start;

        @BeforeEach
        void setUp() {
            clock = TestClock.atRoundTime();
            start = clock.instant();
        }

        @Test
        @DisplayName("claimDue takes only jobs that are due, earliest first, and each only once")
        void claimsOnlyDueJobs() {
            DelayedJobQueue queue = new DelayedJobQueue(redis, "mail", clock);
            queue.schedule("reminder", start.plusSeconds(10));
            queue.schedule("welcome", start.plusSeconds(3600));
            queue.schedule("digest", start.plusSeconds(60));
            queue.schedule("welcome", start.plusSeconds(5)); // scheduled again: moved, not a second job
            assertThat(queue.pending()).as("pending after scheduling 3 jobs, one of them twice").isEqualTo(3);

            assertThat(queue.claimDue(10)).as("claimDue at 00:00:00: nothing is due yet").isEmpty();
            clock.advance(Duration.ofSeconds(10));
            assertThat(queue.claimDue(10)).as("claimDue at 00:00:10: welcome (due 00:00:05) and reminder (due"
                    + " exactly now) are due, earliest first. No reminder? A score range's max is inclusive unless"
                    + " you write '(' before it. No welcome? Scheduling it again (from 01:00:00 to 00:00:05) must"
                    + " move it: a plain ZADD updates the score, ZADD NX keeps the old one").containsExactly("welcome",
                    "reminder");
            assertThat(queue.claimDue(10)).as("claimDue again: a claimed job is off the queue").isEmpty();
            assertThat(queue.pending()).as("pending jobs: the digest is not due yet").isEqualTo(1);
            clock.advance(Duration.ofMinutes(1));
            assertThat(queue.claimDue(10)).as("claimDue at 00:01:10").containsExactly("digest");
        }

        @Test
        @DisplayName("claimDue takes at most max jobs, and refuses a max below 1")
        void claimsAtMostMax() {
            DelayedJobQueue queue = new DelayedJobQueue(redis, "mail", clock);
            for (int i = 1; i <= 5; i++) {
                queue.schedule("job" + i, start.minusSeconds(10 - i));
            }

            assertThat(queue.claimDue(2)).as("claimDue(2) of 5 due jobs: the 2 earliest (ZRANGE ... BYSCORE LIMIT"
                    + " 0 2)").containsExactly("job1", "job2");
            assertThat(queue.pending()).as("pending after claiming 2 of 5").isEqualTo(3);
            assertThat(catchThrowable(() -> queue.claimDue(0))).as("claimDue(0) should throw IllegalArgumentException")
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("claimDue reads the due jobs and removes them in two round trips, whatever their number")
        void claimsInTwoRoundTrips() {
            DelayedJobQueue queue = new DelayedJobQueue(redis, "mail", clock);
            for (int i = 0; i < 10; i++) {
                queue.schedule("job" + i, start.minusSeconds(1));
            }
            stats.reset();

            List<String> claimed = queue.claimDue(10);
            long reads = stats.readsProcessed();

            assertThat(claimed).as("claimDue(10) of 10 due jobs").hasSize(10);
            assertThat(reads).as("socket reads the server made for claimDue(10), this check's own INFO included:"
                    + " one ZREM per job, each waiting for its reply, is ten round trips. Send the ZREMs together"
                    + " in a pipeline (or claim in one script)").isLessThanOrEqualTo(4);
        }

        @Test
        @DisplayName("a worker whose jobs were claimed by another worker in between gets none of them")
        void onlyTheWinnerOfZremOwnsTheJob() {
            for (int i = 1; i <= 3; i++) {
                redis.zadd("jobs:mail:delayed", start.minusSeconds(1).toEpochMilli(), "job" + i);
            }
            DelayedJobQueue otherWorker = new DelayedJobQueue(redis, "mail", clock);
            List<String> claimedByOther = new ArrayList<>();
            AtomicInteger hookCalls = new AtomicInteger();
            DelayedJobQueue worker = new DelayedJobQueue(redis, "mail", clock) {
                @Override
                protected void beforeClaim(List<String> candidates) {
                    hookCalls.incrementAndGet();
                    // The race, forced: this worker has read the due jobs, and another one claims them right now.
                    claimedByOther.addAll(otherWorker.claimDue(10));
                }
            };

            List<String> claimed = worker.claimDue(10);

            assertThat(hookCalls.get()).as("calls of beforeClaim: call it once, after reading the due jobs and"
                    + " before claiming them, so the test can put another worker there").isEqualTo(1);
            assertThat(claimedByOther).as("jobs the other worker claimed while this one was between its read and"
                    + " its claim").containsExactly("job1", "job2", "job3");
            assertThat(claimed).as("jobs this worker claimed although the other worker had taken them all: only"
                    + " the caller whose ZREM returns 1 owns a job. Check ZREM's reply").isEmpty();
        }

        @Test
        @DisplayName("two workers claiming 200 due jobs at the same moment share them without a duplicate")
        void concurrentWorkersShareTheJobs() {
            DelayedJobQueue queue = new DelayedJobQueue(redis, "mail", clock);
            List<String> jobs = IntStream.range(0, 200).mapToObj(i -> "job" + i).toList();
            // Due a second ago, not exactly now: the boundary is claimsOnlyDueJobs's lesson, not this test's.
            jobs.forEach(job -> queue.schedule(job, start.minusSeconds(1)));

            List<List<String>> perWorker = Concurrently.run(2, () -> {
                List<String> mine = new ArrayList<>();
                // Not "until a batch comes back empty": a batch is empty when the other worker won every job of it.
                // Each such batch costs the other worker at least one job, so 400 rounds are plenty for 200 jobs;
                // the cap turns a claimDue that never takes jobs off the queue into a failure, not an endless loop.
                for (int round = 0; round < 400 && queue.pending() > 0; round++) {
                    mine.addAll(queue.claimDue(20));
                }
                return mine;
            });

            List<String> all = perWorker.stream().flatMap(List::stream).toList();
            assertThat(all).as("jobs claimed by two workers together: each job exactly once")
                    .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(jobs);
            assertThat(queue.pending()).as("pending after both workers are done: does claimDue take the jobs it"
                    + " returns off the queue (ZREM)?").isZero();
        }
    }
}

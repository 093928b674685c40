package learn.redis.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import learn.redis.support.CommandMonitor;
import learn.redis.support.CommandMonitor.Command;
import learn.redis.support.Concurrently;
import learn.redis.support.RedisLab;
import learn.redis.support.RedisServerInfo;
import learn.redis.support.RedisStats;
import learn.redis.support.Task;
import learn.redis.support.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Lab 09. {@code redis} is the test's own Lettuce connection: it sets the scene (e.g. shortens a TTL to play the
 * passing of server time) and reads what the server really holds. {@code clock} is the store's clock: moving it
 * plays the passing of the application's time, which the absolute lifetime is measured in.
 */
@RedisLab
@DisplayName("Lab 09 · Sessions: server-side sessions that hold up to an attacker")
class SessionsTest {

    private static final Duration IDLE = Duration.ofMinutes(30);
    private static final Duration ABSOLUTE = Duration.ofHours(8);
    private static final Map<String, String> FIREFOX = Map.of("userAgent", "Firefox");

    /** Strings a browser, a script or an attacker may send as a token; none of them was issued by the store. */
    private static final List<String> MALFORMED = List.of("", " ", "*", "session:*", "?", "[a-z]*",
            "A".repeat(SessionTokens.TOKEN_LENGTH - 1), "A".repeat(SessionTokens.TOKEN_LENGTH + 1),
            "A".repeat(10_000), "A".repeat(SessionTokens.TOKEN_LENGTH - 1) + "*",
            "A".repeat(SessionTokens.TOKEN_LENGTH - 1) + "+", "A".repeat(SessionTokens.TOKEN_LENGTH - 1) + "/",
            "A".repeat(SessionTokens.TOKEN_LENGTH - 1) + "=", "A".repeat(SessionTokens.TOKEN_LENGTH - 2) + "\r\n",
            "A".repeat(SessionTokens.TOKEN_LENGTH - 1) + "é",
            // A valid token plus a line break or a space: Java's '$' also matches before a final line break.
            "A".repeat(SessionTokens.TOKEN_LENGTH) + "\n", "A".repeat(SessionTokens.TOKEN_LENGTH) + "\r\n",
            " " + "A".repeat(SessionTokens.TOKEN_LENGTH));

    RedisClient client;
    RedisCommands<String, String> redis;
    RedisStats stats;
    TestClock clock;
    SessionStore store;

    @BeforeEach
    void setUp(RedisClient client, RedisStats stats) {
        this.client = client;
        this.redis = client.connect().sync();
        this.stats = stats;
        this.clock = TestClock.atRoundTime();
        this.store = new SessionStore(client, new SessionPolicy(IDLE, ABSOLUTE), clock, new SecureRandom());
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    /** A store of its own with other timeouts; the caller closes it. */
    private SessionStore storeWith(Duration idle, Duration absolute) {
        return new SessionStore(client, new SessionPolicy(idle, absolute), clock, new SecureRandom());
    }

    private long pttl(String key) {
        return redis.pttl(key);
    }

    private boolean exists(String key) {
        return redis.exists(key) == 1;
    }

    private static boolean isHashWrite(Command command) {
        return command.name().equals("hset") || command.name().equals("hmset");
    }

    private static boolean isTtlWrite(Command command) {
        return Set.of("pexpire", "expire", "pexpireat", "expireat").contains(command.name());
    }

    /**
     * The commands of the script run that holds {@code commands.get(index)}: the unbroken stretch of [lua] commands
     * around it. MONITOR shows every EVAL/EVALSHA itself as a client command, so two script runs never touch.
     */

    private static SecureRandom seeded(long seed) {
        try {
            // SHA1PRNG seeded before its first use repeats its output: a SecureRandom a test can predict.
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Nested
    @Task(1)
    @DisplayName("Task 1: log in: an unguessable token and a session hash with a TTL")
    class Task1_Login {

        @Test
        @DisplayName("a token is 256 bits from the SecureRandom it is given, in URL-safe base64 without padding")
        void tokenComesFromTheSecureRandom() {
            String first = SessionTokens.newToken(seeded(42));
            String again = SessionTokens.newToken(seeded(42));
            String other = SessionTokens.newToken(seeded(43));

            assertThat(first).as("a token: %d characters of A-Z a-z 0-9 - _ (URL-safe base64, no '=' padding)",
                    SessionTokens.TOKEN_LENGTH).matches("[A-Za-z0-9_-]{" + SessionTokens.TOKEN_LENGTH + "}");
            assertThat(Base64.getUrlDecoder().decode(first))
                    .as("the token's bytes: at least 128 bits of randomness, here TOKEN_BYTES of them")
                    .hasSize(SessionTokens.TOKEN_BYTES);
            assertThat(again).as("tokens from two SecureRandoms seeded alike: equal only if the token comes from"
                    + " the SecureRandom passed in (not UUID.randomUUID(), Math.random() or a new Random())")
                    .isEqualTo(first);
            assertThat(other).as("a token from a differently seeded SecureRandom").isNotEqualTo(first);
        }

        @Test
        @DisplayName("two hundred logins get two hundred different tokens")
        void tokensAreUnique() {
            Set<String> tokens = new HashSet<>();
            for (int i = 0; i < 200; i++) {
                tokens.add(store.login("alice", Map.of()).token());
            }

            assertThat(tokens).as("distinct tokens among 200 logins").hasSize(200);
        }

        @Test
        @DisplayName("login stores the session as a hash: user, created, lastSeen and attr:-prefixed attributes")
        void loginStoresAHash() {
            Session session = store.login("alice", Map.of("userAgent", "Firefox", "user", "mallory"));

            String millis = Long.toString(clock.millis());
            assertThat(redis.type(SessionKeys.session(session.token())))
                    .as("type of %s: the session must be a hash (HSET), not a JSON string",
                            SessionKeys.session(session.token()))
                    .isEqualTo("hash");
            assertThat(redis.hgetall(SessionKeys.session(session.token())))
                    .as("the session hash: Session.toHash(), with times taken from the injected clock")
                    .containsExactlyInAnyOrderEntriesOf(Map.of("user", "alice", "created", millis,
                            "lastSeen", millis, "attr:userAgent", "Firefox", "attr:user", "mallory"));
            assertThat(session).as("the Session that login returned")
                    .isEqualTo(new Session(session.token(), "alice", clock.instant(), clock.instant(),
                            Map.of("userAgent", "Firefox", "user", "mallory")));
        }

        @Test
        @DisplayName("the session hash expires after the idle timeout, counted by the server (PTTL)")
        void sessionHasIdleTtl() {
            Session session = store.login("alice", FIREFOX);

            assertThat(pttl(SessionKeys.session(session.token())))
                    .as("PTTL of the session hash in ms: expected the idle timeout (30 min). -1 means it never"
                            + " expires: a session nobody ends stays valid forever")
                    .isBetween(IDLE.toMillis() - 2_000, IDLE.toMillis());
        }

        @Test
        @DisplayName("the hash and its TTL are written inside one Lua script run (MULTI is unsafe on a shared connection)")
        void hashAndTtlAreAtomic(CommandMonitor monitor) {
            Session session = store.login("alice", FIREFOX);

            String key = SessionKeys.session(session.token());
            List<Command> commands = monitor.commands();
            List<Command> hashWrites = commands.stream().filter(c -> c.isOn(key) && isHashWrite(c)).toList();
            assertThat(hashWrites).as("HSET commands on %s for one login (MONITOR): exactly one, taking all the"
                    + " fields", key).hasSize(1);
            assertThat(hashWrites.get(0).fromScript()).as("did the session's HSET run inside a Lua script? MONITOR"
                    + " saw %s (no [lua] in front: sent by the client). HSET and PEXPIRE sent as commands of their"
                    + " own leave a session without TTL, valid forever, if the client dies between them",
                    hashWrites.get(0)).isTrue();
            List<Command> script = CommandMonitor.scriptRunAround(commands, commands.indexOf(hashWrites.get(0)));
            assertThat(script).as("the commands of the script run that wrote the session hash: its PEXPIRE must run"
                    + " in the same script. A PEXPIRE sent afterwards, or from a second script, is a second step")
                    .anyMatch(c -> c.isOn(key) && isTtlWrite(c));
        }

        @Test
        @DisplayName("the index entry is written in the same script run as the session, never as a step of its own")
        void indexEntryIsWrittenWithTheSession(CommandMonitor monitor) {
            Session session = store.login("alice", FIREFOX);

            String key = SessionKeys.session(session.token());
            String index = SessionKeys.userIndex("alice");
            List<Command> commands = monitor.commands();
            List<Command> adds = commands.stream().filter(c -> c.isOn(index) && c.name().equals("sadd")).toList();
            assertThat(adds).as("SADD commands on %s for one login (MONITOR)", index).hasSize(1);
            assertThat(CommandMonitor.scriptRunAround(commands, commands.indexOf(adds.get(0))))
                    .as("the commands of the script run that added the token to %s (MONITOR saw %s): the session's"
                            + " HSET must run in that same script. An SADD sent before the session, or after it,"
                            + " leaves a moment in which a 'log out everywhere' or sessionsOf removes the entry or"
                            + " misses the session, and it stays live in no index (Task 3 forces both)", index,
                            adds.get(0))
                    .anyMatch(c -> c.isOn(key) && isHashWrite(c))
                    .anyMatch(c -> c.isOn(index) && isTtlWrite(c));
        }

        @Test
        @DisplayName("TTLs that are not whole seconds, and under one second, are kept to the millisecond")
        void ttlsInMilliseconds() {
            try (SessionStore quick = storeWith(Duration.ofMillis(1_500), Duration.ofMillis(2_750));
                    SessionStore quicker = storeWith(Duration.ofMillis(400), Duration.ofMillis(700))) {
                Session session = quick.login("alice", FIREFOX);
                assertThat(pttl(SessionKeys.session(session.token()))).as("PTTL of the session with an idle"
                        + " timeout of 1.5 s: above 1 000 ms. Duration.toSeconds() and EXPIRE cut it to 1 s;"
                        + " send milliseconds (PEXPIRE, toMillis())").isBetween(1_001L, 1_500L);
                assertThat(pttl(SessionKeys.userIndex("alice"))).as("PTTL of the index with an absolute lifetime"
                        + " of 2.75 s: above 2 000 ms (PEXPIRE with toMillis(), not EXPIRE with toSeconds())")
                        .isBetween(2_001L, 2_750L);

                Session brief = quicker.login("bob", FIREFOX);
                assertThat(pttl(SessionKeys.session(brief.token()))).as("PTTL of the session with an idle"
                        + " timeout of 400 ms: -2 means it is already gone, as EXPIRE 0 (400 ms.toSeconds())"
                        + " deletes it at once").isBetween(1L, 400L);
                assertThat(pttl(SessionKeys.userIndex("bob"))).as("PTTL of the index with an absolute lifetime"
                        + " of 700 ms").isBetween(1L, 700L);
            }
        }

        @Test
        @DisplayName("login adds the token to the user's index, which expires after the absolute lifetime")
        void loginIndexesTheSession() {
            String index = SessionKeys.userIndex("alice");
            Session first = store.login("alice", FIREFOX);
            redis.pexpire(index, 5_000); // as if the first login was hours ago
            Session second = store.login("alice", FIREFOX);

            assertThat(redis.smembers(index)).as("members of %s (SADD each new token)", index)
                    .containsExactlyInAnyOrder(first.token(), second.token());
            assertThat(pttl(index)).as("PTTL of %s in ms: no session in it outlives one absolute lifetime (8 h)"
                    + " from the latest login, so neither should the set; -1 means it is never cleaned up, about"
                    + " 5 000 that only the first login set it (every login must PEXPIRE it again)", index)
                    .isBetween(ABSOLUTE.toMillis() - 2_000, ABSOLUTE.toMillis());
        }

        @Test
        @DisplayName("a missing or blank user id is refused with IllegalArgumentException, and nothing is stored")
        void blankUserIsRefused() {
            for (String userId : new String[] {null, "", "   "}) {
                assertThat(catchThrowable(() -> store.login(userId, FIREFOX)))
                        .as("login of user id '%s'", userId).isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(redis.dbsize()).as("keys in Redis after the refused logins").isZero();
        }
    }

    @Nested
    @Task(2)
    @DisplayName("Task 2: a sliding idle timeout and an absolute lifetime")
    class Task2_Timeouts {

        @Test
        @DisplayName("find returns the session that login created")
        void findReturnsTheSession() {
            Session session = store.login("alice", FIREFOX);

            assertThat(store.find(session.token())).as("find of a token that login just returned")
                    .hasValue(session);
        }

        @Test
        @DisplayName("each read slides the TTL back to the full idle timeout and records lastSeen")
        void readSlidesTheIdleTimeout() {
            Session session = store.login("alice", FIREFOX);
            String key = SessionKeys.session(session.token());
            redis.pexpire(key, 1_000); // the server's half of "29 minutes pass"
            clock.advance(Duration.ofMinutes(29)); // the application's half

            Optional<Session> found = store.find(session.token());

            assertThat(found).as("find of a session with 1 s left").isPresent();
            assertThat(pttl(key)).as("PTTL of the session after an authenticated read: expected the full idle"
                    + " timeout again (PEXPIRE on every read). A fixed TTL logs active users out mid-work")
                    .isBetween(IDLE.toMillis() - 2_000, IDLE.toMillis());
            assertThat(redis.hget(key, Session.LAST_SEEN)).as("lastSeen in the hash: the clock's time of the read")
                    .isEqualTo(Long.toString(clock.millis()));
            assertThat(found.get().lastSeenAt()).as("lastSeenAt of the Session that find returned")
                    .isEqualTo(clock.instant());
            assertThat(found.get().createdAt()).as("createdAt: a read must not move it, the absolute lifetime"
                    + " counts from it").isEqualTo(session.createdAt());
        }

        @Test
        @DisplayName("the check that the session exists, the HSET of lastSeen and the PEXPIRE run in one Lua script")
        void readChecksAndRefreshesInOneScript(CommandMonitor monitor) {
            Session session = store.login("alice", FIREFOX);
            String key = SessionKeys.session(session.token());
            clock.advance(Duration.ofMinutes(1));

            List<Command> commands = monitor.during(() -> store.find(session.token()));

            List<Command> lastSeenWrites = commands.stream()
                    .filter(c -> c.isOn(key) && isHashWrite(c) && c.args().contains(Session.LAST_SEEN)).toList();
            assertThat(lastSeenWrites).as("HSET of %s lastSeen during find (MONITOR): one per read, in the script"
                    + " that also checks and slides the TTL", key).hasSize(1);
            assertThat(lastSeenWrites.get(0).fromScript()).as("did the HSET of lastSeen run inside a Lua script?"
                    + " MONITOR saw %s (no [lua] in front: sent by the client). Read, check in Java, then write is"
                    + " two steps: a logout or an expiry that lands between them is undone by the write, which"
                    + " creates a new hash holding only lastSeen, without TTL (Task 3 races exactly that)",
                    lastSeenWrites.get(0)).isTrue();

            int write = commands.indexOf(lastSeenWrites.get(0));
            List<Command> script = CommandMonitor.scriptRunAround(commands, write);
            assertThat(script).as("the commands of the script run that wrote lastSeen: the TTL refresh (PEXPIRE)"
                    + " belongs in the same script").anyMatch(c -> c.isOn(key) && isTtlWrite(c));
            assertThat(script.subList(0, script.indexOf(lastSeenWrites.get(0))))
                    .as("the commands of that script run before its HSET of lastSeen: one must read %s (HGET created,"
                            + " EXISTS, ...) to check the session still exists. A script that writes without"
                            + " checking recreates a session that expired or was logged out", key)
                    .anyMatch(c -> c.isOn(key) && !isHashWrite(c) && !isTtlWrite(c));
        }

        @Test
        @DisplayName("a read slides TTLs that are not whole seconds, and under one second, to the millisecond")
        void readSlidesInMilliseconds() {
            try (SessionStore quick = storeWith(Duration.ofMillis(1_500), Duration.ofMinutes(1));
                    SessionStore quicker = storeWith(Duration.ofMillis(400), Duration.ofMinutes(1))) {
                Session session = quick.login("alice", FIREFOX);
                String key = SessionKeys.session(session.token());
                redis.pexpire(key, 300);
                assertThat(quick.find(session.token())).as("find of a session with an idle timeout of 1.5 s")
                        .isPresent();
                assertThat(pttl(key)).as("PTTL after a read with an idle timeout of 1.5 s: above 1 000 ms. 300 ms or"
                        + " less: the read did not slide the TTL at all; 1 000 or less: Duration.toSeconds() and"
                        + " EXPIRE cut it to 1 s. Slide it with PEXPIRE and milliseconds").isBetween(1_001L, 1_500L);

                Session brief = quicker.login("bob", FIREFOX);
                String briefKey = SessionKeys.session(brief.token());
                redis.pexpire(briefKey, 100);
                assertThat(quicker.find(brief.token())).as("find of a session with an idle timeout of 400 ms")
                        .isPresent();
                assertThat(pttl(briefKey)).as("PTTL after a read with an idle timeout of 400 ms: -2 means the read"
                        + " deleted it (EXPIRE 0, from 400 ms.toSeconds())").isBetween(101L, 400L);
            }
        }

        @Test
        @DisplayName("near the end of the absolute lifetime a read extends the TTL only up to that end")
        void ttlIsCappedByTheAbsoluteLifetime() {
            Session session = store.login("alice", FIREFOX);
            clock.set(session.createdAt().plus(ABSOLUTE).minusSeconds(10));

            assertThat(store.find(session.token())).as("find 10 s before the absolute lifetime ends").isPresent();
            assertThat(pttl(SessionKeys.session(session.token())))
                    .as("PTTL in ms after a read 10 s before the absolute end: at most 10 s, the time it has left."
                            + " A full idle timeout would let the session outlive its absolute lifetime")
                    .isBetween(1L, 10_000L);
        }

        @Test
        @DisplayName("after the absolute lifetime no amount of activity keeps the session: it is refused and deleted")
        void absoluteLifetimeEndsABusySession() {
            Session session = store.login("alice", FIREFOX);
            Instant end = session.createdAt().plus(ABSOLUTE);

            while (clock.instant().plus(Duration.ofMinutes(20)).isBefore(end)) {
                clock.advance(Duration.ofMinutes(20));
                assertThat(store.find(session.token()))
                        .as("find at %s, a request every 20 min, before the absolute end %s", clock.instant(), end)
                        .isPresent();
            }
            clock.set(end);

            assertThat(store.find(session.token()))
                    .as("find at the absolute end (8 h after login), however recently the user was active")
                    .isEmpty();
            assertThat(exists(SessionKeys.session(session.token())))
                    .as("session hash after a read past the absolute lifetime: delete it, don't leave it for later")
                    .isFalse();
        }

        @Test
        @DisplayName("a read of an unknown or expired token finds nothing and writes nothing")
        void readNeverResurrects() {
            Session session = store.login("alice", FIREFOX);
            String key = SessionKeys.session(session.token());
            redis.pexpire(key, 1);
            await().atMost(Duration.ofSeconds(2)).until(() -> !exists(key));
            String unknown = SessionTokens.newToken(seeded(7));
            stats.reset();

            assertThat(store.find(session.token())).as("find of a session whose TTL ran out").isEmpty();
            assertThat(store.find(unknown)).as("find of a well-formed token that was never issued").isEmpty();

            assertThat(exists(key)).as("the expired session's key after find: a write such as HSET lastSeen on"
                    + " a missing key creates a new, partial session").isFalse();
            assertThat(exists(SessionKeys.session(unknown))).as("the unknown token's key after find").isFalse();
            assertThat(stats.calls("hset") + stats.calls("pexpire"))
                    .as("HSET/PEXPIRE calls for reads of sessions that do not exist: check first, in the same"
                            + " atomic step").isZero();
        }
    }

    @Nested
    @Task(3)
    @DisplayName("Task 3: log out, and log out everywhere with a per-user index")
    class Task3_Logout {

        @Test
        @DisplayName("logout deletes the session on the server, so replaying its token is refused")
        void logoutDeletesOnTheServer() {
            Session session = store.login("alice", FIREFOX);

            assertThat(store.logout(session.token())).as("logout of a live session").isTrue();

            assertThat(exists(SessionKeys.session(session.token())))
                    .as("session hash after logout: deleting only the browser's cookie leaves the token valid for"
                            + " anyone who copied it").isFalse();
            assertThat(store.find(session.token())).as("find with the logged-out token (a replay)").isEmpty();
        }

        @Test
        @DisplayName("logout removes the token from the user's index and leaves the user's other sessions alone")
        void logoutTidiesTheIndex() {
            Session laptop = store.login("alice", FIREFOX);
            Session phone = store.login("alice", FIREFOX);

            store.logout(laptop.token());

            assertThat(redis.smembers(SessionKeys.userIndex("alice"))).as("alice's index after one logout")
                    .containsExactly(phone.token());
            assertThat(store.find(phone.token())).as("alice's other session").isPresent();
        }

        @Test
        @DisplayName("logout of a session that is already gone returns false instead of failing")
        void logoutTwice() {
            Session session = store.login("alice", FIREFOX);

            assertThat(store.logout(session.token())).as("first logout").isTrue();
            assertThat(store.logout(session.token())).as("second logout of the same token").isFalse();
            assertThat(store.logout(SessionTokens.newToken(seeded(7)))).as("logout of a token never issued")
                    .isFalse();
        }

        @Test
        @DisplayName("requests racing a logout never bring the session back")
        void readsRacingALogoutNeverResurrect() {
            Session session = store.login("alice", FIREFOX);
            String key = SessionKeys.session(session.token());

            // One thread logs out while seven keep reading, all released at the same instant.
            AtomicInteger threads = new AtomicInteger();
            AtomicInteger failedReads = new AtomicInteger();
            AtomicReference<RuntimeException> firstFailure = new AtomicReference<>();
            Concurrently.run(8, () -> {
                if (threads.getAndIncrement() == 0) {
                    store.logout(session.token());
                    return;
                }
                for (int i = 0; i < 50; i++) {
                    try {
                        store.find(session.token());
                    } catch (RuntimeException e) {
                        // Counted, not thrown: the assertions below say what went wrong, a bare stack trace doesn't.
                        failedReads.incrementAndGet();
                        firstFailure.compareAndSet(null, e);
                    }
                }
            });

            assertThat(redis.hgetall(key)).as("the session hash after a logout raced 350 reads: a read that checks,"
                    + " then writes lastSeen in a second command recreates a partial session here (Task 2: check"
                    + " and write in one script)").isEmpty();
            assertThat(failedReads.get()).as("reads that threw during the race (the first: %s). A read that"
                    + " finds a half-written session (only lastSeen) cannot turn it into a Session: check and write"
                    + " in one script (Task 2)", firstFailure.get()).isZero();
            assertThat(store.find(session.token())).as("find with the logged-out token").isEmpty();
        }

        @Test
        @DisplayName("sessionsOf lists only live sessions and prunes index entries of deleted and expired ones")
        void sessionsOfPrunesTheIndex() {
            Session live = store.login("alice", FIREFOX);
            Session deleted = store.login("alice", FIREFOX);
            Session expired = store.login("alice", FIREFOX);
            redis.del(SessionKeys.session(deleted.token())); // e.g. a logout that died before its SREM
            redis.pexpire(SessionKeys.session(expired.token()), 1);
            await().atMost(Duration.ofSeconds(2)).until(() -> !exists(SessionKeys.session(expired.token())));

            List<Session> sessions = store.sessionsOf("alice");

            assertThat(sessions).as("alice's sessions: only the one whose hash still exists").containsExactly(live);
            assertThat(redis.smembers(SessionKeys.userIndex("alice")))
                    .as("alice's index after sessionsOf: entries of sessions that are gone are removed (SREM)")
                    .containsExactly(live.token());
        }

        @Test
        @DisplayName("sessionsOf does not list a session past its absolute lifetime that no read has ended yet")
        void sessionsOfSkipsSessionsPastTheirLifetime() {
            Session old = store.login("alice", FIREFOX);
            clock.advance(Duration.ofHours(1));
            Session recent = store.login("alice", FIREFOX);
            clock.set(old.createdAt().plus(ABSOLUTE));

            assertThat(store.sessionsOf("alice")).as("alice's sessions at the end of the first one's absolute"
                    + " lifetime (8 h after its login; its hash is still there, as no find has run): find would"
                    + " refuse it, so it is not listed").containsExactly(recent);
        }

        @Test
        @DisplayName("sessionsOf sends its reads pipelined, not one round trip per session")
        void sessionsOfPipelines(RedisServerInfo server) {
            try (HookedClient hooked = new HookedClient(client, server.uri().toString());
                    SessionStore counted = new SessionStore(hooked, new SessionPolicy(IDLE, ABSOLUTE), clock,
                            new SecureRandom())) {
                for (int i = 0; i < 20; i++) {
                    counted.login("alice", FIREFOX);
                }
                hooked.count();
                hooked.countOverlaps();
                // Right after sessionsOf's first command, Redis holds every reply for 300 ms: reads sent together
                // all leave before the first reply is in; reads sent one by one wait for each other.
                hooked.armAfter(1, () -> redis.clientPause(300));
                assertThat(counted.sessionsOf("alice")).as("alice's sessions").hasSize(20);
                hooked.disarm();
                assertThat(hooked.overlapping()).as("HGETALLs sent through the async API while the one before still"
                        + " waited for its reply (Redis held every reply for 300 ms): 19 when all 20 leave before"
                        + " any is awaited; a low number means each future was awaited (get(), join()) before the"
                        + " next read was sent, one round trip per session. Send them all, then wait for all")
                        .isGreaterThanOrEqualTo(15);

                assertThat(hooked.waitedFor()).as("commands sessionsOf sent through the sync API while it listed 20"
                        + " sessions: each waits for its reply before the next leaves, one round trip per session."
                        + " Send the HGETALLs through the async API, then wait for all the futures").isLessThan(5);
            }
        }

        @Test
        @DisplayName("logoutEverywhere ends every session of that user and no one else's")
        void logoutEverywhere() {
            List<Session> alice = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                alice.add(store.login("alice", FIREFOX));
            }
            Session bob = store.login("bob", FIREFOX);
            Session gone = store.login("alice", FIREFOX);
            redis.del(SessionKeys.session(gone.token())); // expired, or a logout that died before its SREM

            stats.reset();
            assertThat(store.logoutEverywhere("alice")).as("sessions ended for alice: 3 live ones. Her index also"
                    + " names a session that no longer exists, which was not ended now: count what DEL removed,"
                    + " not the tokens in the index").isEqualTo(3);

            assertThat(stats.calls("del")).as("DEL commands logoutEverywhere ran for alice's 4 index entries: one"
                    + " DEL takes every session key at once (and counts what it removed); a DEL per session costs a"
                    + " round trip each").isEqualTo(1);
            for (Session session : alice) {
                assertThat(store.find(session.token())).as("alice's session %s after logoutEverywhere",
                        session.token()).isEmpty();
            }
            assertThat(redis.smembers(SessionKeys.userIndex("alice"))).as("alice's index after logoutEverywhere")
                    .isEmpty();
            assertThat(store.find(bob.token())).as("bob's session after alice logged out everywhere").isPresent();
            assertThat(redis.smembers(SessionKeys.userIndex("bob"))).as("bob's index").containsExactly(bob.token());
        }

        @Test
        @DisplayName("a logoutEverywhere that runs between any two commands of a login leaves no live session outside the index")
        void loginRacingLogoutEverywhere(RedisClient client, RedisServerInfo server) {
            loginRacing(client, server, "logoutEverywhere", SessionStore::logoutEverywhere);
        }

        @Test
        @DisplayName("a sessionsOf that runs between any two commands of a login leaves no live session outside the index")
        void loginRacingSessionsOf(RedisClient client, RedisServerInfo server) {
            loginRacing(client, server, "sessionsOf", SessionStore::sessionsOf);
        }

        @Test
        @DisplayName("a login that runs between any two commands of a logoutEverywhere keeps its session in the index")
        void logoutEverywhereRacingALogin(RedisClient client, RedisServerInfo server) {
            racing(client, server, "logoutEverywhere", SessionStore::logoutEverywhere, "login");
        }

        @Test
        @DisplayName("a login that runs between any two commands of a sessionsOf keeps its session in the index")
        void sessionsOfRacingALogin(RedisClient client, RedisServerInfo server) {
            racing(client, server, "sessionsOf", SessionStore::sessionsOf, "login");
        }

        private void loginRacing(RedisClient client, RedisServerInfo server, String what,
                BiConsumer<SessionStore, String> other) {
            racing(client, server, "login", (store, user) -> store.login(user, FIREFOX), what, other);
        }

        private void racing(RedisClient client, RedisServerInfo server, String first,
                BiConsumer<SessionStore, String> action, String what) {
            racing(client, server, first, action, what, (store, user) -> store.login(user, FIREFOX));
        }

        /**
         * Runs {@code action} once per gap between two of its commands, and {@code other} for the same user in
         * that gap, on the same thread and connection, as another request would. Afterwards every live session
         * must be in its user's index, or no later "log out everywhere" ends it.
         */
        private void racing(RedisClient client, RedisServerInfo server, String first,
                BiConsumer<SessionStore, String> action, String what, BiConsumer<SessionStore, String> other) {
            try (HookedClient hooked = new HookedClient(client, server.uri().toString());
                    SessionStore raced = new SessionStore(hooked, new SessionPolicy(IDLE, ABSOLUTE), clock,
                            new SecureRandom())) {
                // Warm-up: loads the scripts, so that every run below sends the same commands.
                raced.login("warm-up", FIREFOX);
                action.accept(raced, "warm-up");
                raced.login("counted", FIREFOX);
                redis.sadd(SessionKeys.userIndex("counted"), SessionTokens.newToken(seeded(0)));
                hooked.count();
                action.accept(raced, "counted");
                int commands = hooked.disarm();

                for (int n = 1; n <= commands; n++) {
                    String user = "user" + n;
                    // Something for a logoutEverywhere or sessionsOf to find: a live session, and an index entry
                    // whose session is gone (expired, or a logout that died before its SREM) to prune.
                    raced.login(user, FIREFOX);
                    redis.sadd(SessionKeys.userIndex(user), SessionTokens.newToken(seeded(n)));
                    hooked.armAfter(n, () -> other.accept(raced, user));
                    action.accept(raced, user);
                    hooked.disarm();

                    String index = SessionKeys.userIndex(user);
                    Set<String> indexed = redis.smembers(index);
                    for (String key : redis.keys(SessionKeys.session("*"))) {
                        String token = key.substring(SessionKeys.session("").length());
                        if (user.equals(redis.hget(key, Session.USER))) {
                            assertThat(indexed).as("%s's index after a %s ran between %s's command %d and the"
                                    + " next, and the %s then finished (it sends %d commands). The session %s is"
                                    + " live but not in the index, so no later 'log out everywhere' ends it. %s",
                                    user, what, first, n, first, commands, token, advice(first)).contains(token);
                        }
                    }
                    raced.logoutEverywhere(user);
                }
            }
        }

        private static String advice(String raced) {
            return raced.equals("login")
                    ? "The other call read the index entry before the session existed and removed it: write the"
                            + " session and its index entry in one Lua script (Task 1), not one after the other"
                    : "The " + raced + " removed an entry it had not read (DEL of the whole index, or an SREM of"
                            + " tokens it never saw): SREM exactly the tokens it read and found gone or ended";
        }

        @Test
        @DisplayName("listing and ending a user's sessions read that user's index, never KEYS or SCAN")
        void noKeyspaceScans() {
            store.login("alice", FIREFOX);
            store.login("bob", FIREFOX);
            stats.reset();

            assertThat(store.sessionsOf("alice")).as("alice's sessions").hasSize(1);
            assertThat(store.logoutEverywhere("alice")).as("alice's sessions ended").isEqualTo(1);

            assertThat(stats.calls("keys") + stats.calls("scan"))
                    .as("KEYS/SCAN calls: walking every key of every user is slow (KEYS blocks the server) and"
                            + " builds a pattern from input. The per-user set is the index").isZero();
            assertThat(stats.calls("smembers") + stats.calls("sscan")).as("SMEMBERS/SSCAN of the user's index")
                    .isPositive();
        }
    }

    @Nested
    @Task(4)
    @DisplayName("Task 4: hold up to an attacker: session fixation and hostile tokens")
    class Task4_Attacks {

        @Test
        @DisplayName("logging in with a planted, live token never keeps it: a new token, and the old session is gone")
        void loginReplacesAPlantedSession() {
            Session planted = store.login("mallory", FIREFOX);

            Session victim = store.login("alice", FIREFOX, planted.token());

            assertThat(victim.token()).as("alice's token after logging in from a browser holding mallory's token:"
                    + " reusing it would log mallory in as alice").isNotEqualTo(planted.token());
            assertThat(victim.userId()).as("user of the new session").isEqualTo("alice");
            assertThat(exists(SessionKeys.session(planted.token()))).as("the planted session's hash").isFalse();
            assertThat(store.find(planted.token())).as("find with the planted token").isEmpty();
            assertThat(redis.smembers(SessionKeys.userIndex("mallory")))
                    .as("mallory's index: the ended session's entry is removed too").doesNotContain(planted.token());
            assertThat(store.find(victim.token()).map(Session::userId)).as("find with alice's new token")
                    .hasValue("alice");
        }

        @Test
        @DisplayName("logging in with an attacker-chosen token that was never issued does not adopt it")
        void loginNeverAdoptsAChosenToken() {
            String chosen = SessionTokens.newToken(seeded(1));

            Session session = store.login("alice", FIREFOX, chosen);

            assertThat(session.token()).as("token after logging in with a chosen one").isNotEqualTo(chosen);
            assertThat(exists(SessionKeys.session(chosen))).as("a session under the chosen token").isFalse();
            assertThat(store.find(session.token())).as("find with the new token").isPresent();
        }

        @Test
        @DisplayName("isWellFormed accepts issued tokens and refuses empty, short, overlong and non-URL-safe ones")
        void wellFormedTokens() {
            for (int i = 0; i < 100; i++) {
                String token = SessionTokens.newToken(new SecureRandom());
                assertThat(SessionTokens.isWellFormed(token)).as("isWellFormed of issued token %s", token).isTrue();
            }
            assertThat(SessionTokens.isWellFormed(null)).as("isWellFormed(null)").isFalse();
            for (String bad : MALFORMED) {
                assertThat(SessionTokens.isWellFormed(bad))
                        .as("isWellFormed of '%s' (%d chars)", abbreviate(bad), bad.length()).isFalse();
            }
        }

        @Test
        @DisplayName("a malformed token never reaches Redis: find and logout refuse it before sending any command")
        void malformedTokensNeverReachRedis() {
            store.login("alice", FIREFOX);
            stats.reset();

            List<String> hostile = new ArrayList<>(MALFORMED);
            hostile.add(null);
            for (String bad : hostile) {
                assertThat(store.find(bad)).as("find of malformed token '%s'", abbreviate(bad)).isEmpty();
                assertThat(store.logout(bad)).as("logout of malformed token '%s'", abbreviate(bad)).isFalse();
            }

            assertThat(stats.applicationCalls()).as("commands Redis ran for malformed tokens: none. A '*' reaching KEYS or"
                    + " SCAN MATCH matches every session; any lookup costs a round trip an attacker can repeat")
                    .isEmpty();
            assertThat(redis.dbsize()).as("keys after the hostile requests: alice's session and index only")
                    .isEqualTo(2);
        }

        private String abbreviate(String text) {
            return text == null ? "null" : text.length() > 50 ? text.substring(0, 50) + "..." : text;
        }
    }

    @Nested
    @Task(5)
    @DisplayName("Task 5: the session cookie, and the HTTP API end to end")
    class Task5_Http {

        private static final HttpClient HTTP = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

        SessionServer server;

        @BeforeEach
        void startServer() {
            server = SessionServer.start(store,
                    UserDirectory.of(Map.of("alice", "wonderland", "bob", "builder")));
        }

        @AfterEach
        void stopServer() {
            server.close();
        }

        @Test
        @DisplayName("tokenFrom finds the session cookie among others and ignores look-alike names")
        void tokenFromParsesCookieHeaders() {
            assertThat(SessionCookies.tokenFrom(List.of("theme=dark; SESSION=abc; lang=en")))
                    .as("tokenFrom of 'theme=dark; SESSION=abc; lang=en'").hasValue("abc");
            assertThat(SessionCookies.tokenFrom(List.of("theme=dark", "SESSION=def")))
                    .as("tokenFrom of two Cookie headers, the second holding the session").hasValue("def");
            assertThat(SessionCookies.tokenFrom(List.of("XSESSION=evil; SESSIONID=evil; session=evil")))
                    .as("tokenFrom of cookies whose names only look like SESSION (names are case-sensitive)")
                    .isEmpty();
            assertThat(SessionCookies.tokenFrom(List.of())).as("tokenFrom of a request without cookies").isEmpty();
        }

        @Test
        @DisplayName("the cookie is HttpOnly, Secure and SameSite=Lax, and clearing it sets Max-Age=0")
        void cookieAttributes() {
            String token = SessionTokens.newToken(new SecureRandom());

            List<String> issued = cookieAttributes(SessionCookies.issue(token));
            assertThat(issued.get(0)).as("first part of Set-Cookie: name=value").isEqualTo("SESSION=" + token);
            assertThat(issued).as("attributes of the session cookie: HttpOnly keeps it from page scripts (XSS),"
                    + " Secure from plain HTTP, SameSite=Lax from cross-site POSTs (CSRF); Path=/ for the whole site")
                    .contains("HttpOnly", "Secure", "SameSite=Lax", "Path=/");
            List<String> cleared = cookieAttributes(SessionCookies.clear());
            assertThat(cleared).as("attributes of the clearing cookie: the same name and Path, emptied and"
                    + " expired now").contains("SESSION=", "Max-Age=0", "Path=/");
            assertThat(catchThrowable(() -> SessionCookies.issue("abc\r\nSet-Cookie: admin=true")))
                    .as("issue of a malformed token: it would inject a header").isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("POST /login with the right password sets the session cookie, and GET /profile then answers 200")
        void loginThenProfile() throws Exception {
            HttpResponse<String> login = login("alice", "wonderland", null);

            assertThat(login.statusCode()).as("status of POST /login with the right password; body: %s",
                    login.body()).isEqualTo(200);
            String token = sessionCookie(login);
            assertThat(exists(SessionKeys.session(token))).as("session hash of the cookie's token in Redis")
                    .isTrue();
            HttpResponse<String> profile = get("profile", token);
            assertThat(profile.statusCode()).as("status of GET /profile with the cookie; body: %s", profile.body())
                    .isEqualTo(200);
            assertThat(profile.body()).as("body of GET /profile").contains("user=alice");
        }

        @Test
        @DisplayName("a wrong password gets 401 without cookie or session; the right one then logs in")
        void wrongPassword() throws Exception {
            HttpResponse<String> wrong = login("alice", "guess", null);

            assertThat(wrong.statusCode()).as("status of POST /login with a wrong password").isEqualTo(401);
            assertThat(wrong.headers().allValues("Set-Cookie")).as("Set-Cookie after a wrong password").isEmpty();
            assertThat(redis.dbsize()).as("keys in Redis after a failed login").isZero();
            HttpResponse<String> right = login("alice", "wonderland", null);
            assertThat(right.statusCode()).as("status of POST /login with the right password; body: %s",
                    right.body()).isEqualTo(200);
        }

        @Test
        @DisplayName("GET /profile without a cookie, or with a malformed one, is 401 and sends no command to Redis")
        void profileWithoutSession() throws Exception {
            stats.reset();

            HttpResponse<String> none = send(HttpRequest.newBuilder(server.uri().resolve("profile")).GET());
            assertThat(none.statusCode()).as("status of GET /profile without a cookie; body: %s", none.body())
                    .isEqualTo(401);
            for (String bad : List.of("*", "session:*", "", "A".repeat(5_000), "../../etc/passwd")) {
                HttpResponse<String> response = get("profile", bad);
                assertThat(response.statusCode()).as("status of GET /profile with cookie SESSION=%s; body: %s",
                        bad.length() > 40 ? bad.substring(0, 40) + "..." : bad, response.body()).isEqualTo(401);
            }
            assertThat(stats.applicationCalls()).as("commands Redis ran for requests without a well-formed token").isEmpty();
        }

        @Test
        @DisplayName("after POST /logout the old cookie is refused: the session was deleted on the server")
        void logoutOverHttp() throws Exception {
            String token = sessionCookie(login("alice", "wonderland", null));

            HttpResponse<String> logout = post("logout", token);

            assertThat(logout.statusCode()).as("status of POST /logout; body: %s", logout.body()).isEqualTo(204);
            assertThat(logout.headers().firstValue("Set-Cookie")).as("Set-Cookie of the logout response: tell the"
                    + " browser to drop the cookie").hasValueSatisfying(cookie -> assertThat(
                            cookieAttributes(cookie)).as("its attributes").contains("Max-Age=0"));
            assertThat(get("profile", token).statusCode())
                    .as("status of GET /profile replaying the logged-out cookie, as someone who copied it would")
                    .isEqualTo(401);
        }

        @Test
        @DisplayName("logging in while sending an old cookie issues a new token and kills the old one (fixation)")
        void fixationOverHttp() throws Exception {
            String planted = sessionCookie(login("bob", "builder", null));

            HttpResponse<String> login = login("alice", "wonderland", planted);
            String fresh = sessionCookie(login);

            assertThat(fresh).as("the token of alice's login from a browser holding bob's cookie")
                    .isNotEqualTo(planted);
            assertThat(get("profile", planted).statusCode()).as("status of GET /profile with the planted cookie")
                    .isEqualTo(401);
            assertThat(get("profile", fresh).body()).as("GET /profile with alice's new cookie").contains("user=alice");
        }

        @Test
        @DisplayName("POST /logout-everywhere ends the user's sessions in every browser")
        void logoutEverywhereOverHttp() throws Exception {
            String laptop = sessionCookie(login("alice", "wonderland", null));
            String phone = sessionCookie(login("alice", "wonderland", null));

            HttpResponse<String> everywhere = post("logout-everywhere", laptop);

            assertThat(everywhere.statusCode()).as("status of POST /logout-everywhere; body: %s", everywhere.body())
                    .isEqualTo(200);
            assertThat(get("profile", laptop).statusCode()).as("GET /profile from the laptop").isEqualTo(401);
            assertThat(get("profile", phone).statusCode()).as("GET /profile from the phone").isEqualTo(401);
        }

        private HttpResponse<String> login(String user, String password, String cookie) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(server.uri().resolve("login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("user=" + user + "&password=" + password));
            return send(withCookie(request, cookie));
        }

        private HttpResponse<String> get(String path, String cookie) throws Exception {
            return send(withCookie(HttpRequest.newBuilder(server.uri().resolve(path)).GET(), cookie));
        }

        private HttpResponse<String> post(String path, String cookie) throws Exception {
            return send(withCookie(HttpRequest.newBuilder(server.uri().resolve(path))
                    .POST(HttpRequest.BodyPublishers.noBody()), cookie));
        }

        private HttpRequest.Builder withCookie(HttpRequest.Builder request, String token) {
            // The test plays the browser and sends the cookie itself, so it can also replay an old one.
            return token == null ? request : request.header("Cookie", "theme=dark; SESSION=" + token);
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
            return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        }

        private String sessionCookie(HttpResponse<String> response) {
            assertThat(response.statusCode()).as("status of POST /login; body: %s", response.body()).isEqualTo(200);
            String setCookie = response.headers().firstValue("Set-Cookie").orElse("");
            assertThat(setCookie).as("Set-Cookie of the login response").startsWith("SESSION=");
            String token = cookieAttributes(setCookie).get(0).substring("SESSION=".length());
            assertThat(SessionTokens.isWellFormed(token)).as("the cookie's token '%s' is well-formed", token)
                    .isTrue();
            return token;
        }

        private List<String> cookieAttributes(String setCookie) {
            return List.of(setCookie.split("\\s*;\\s*"));
        }
    }
}

package learn.redis.sessions;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Server-side sessions in Redis: one hash per session ({@link SessionKeys#session}) that expires when idle, and one
 * set per user ({@link SessionKeys#userIndex}) listing that user's tokens. Thread-safe: the HTTP server calls it
 * from several threads over one shared Lettuce connection.
 */
public final class SessionStore implements AutoCloseable {

    // tag::create-script[]
    // KEYS[1] the session hash, KEYS[2] the user's index; ARGV[1] the idle timeout in ms, ARGV[2] the absolute
    // lifetime in ms, ARGV[3] the token; ARGV[4..] field, value, field, value, ...
    // One script, so the hash never exists without its TTL (HSET then PEXPIRE as two commands leaves a session
    // that never expires if the client dies between them), and never without its index entry: a "log out
    // everywhere" or a sessionsOf that ran between an SADD and the HSET would read the token, find no session,
    // remove the entry, and the session written next would be live in no index, out of reach of every later
    // "log out everywhere".
    private static final String CREATE = """
            redis.call('HSET', KEYS[1], unpack(ARGV, 4))
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            redis.call('SADD', KEYS[2], ARGV[3])
            if redis.call('PTTL', KEYS[2]) < 0 then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
            return 1
            """;
    // end::create-script[]

    // tag::touch-script[]
    // KEYS[1] the session hash; ARGV[1] now, ARGV[2] idle timeout, ARGV[3] absolute lifetime (all ms).
    // Check and refresh in one step: an HSET of lastSeen on a session that expired (or was logged out) a moment
    // earlier would create a new hash holding nothing but lastSeen.
    private static final String TOUCH = """
            local created = redis.call('HGET', KEYS[1], 'created')
            if not created then
              return {}
            end
            local left = tonumber(created) + tonumber(ARGV[3]) - tonumber(ARGV[1])
            if left <= 0 then
              redis.call('DEL', KEYS[1])
              return {}
            end
            redis.call('HSET', KEYS[1], 'lastSeen', ARGV[1])
            redis.call('PEXPIRE', KEYS[1], math.min(tonumber(ARGV[2]), left))
            return redis.call('HGETALL', KEYS[1])
            """;
    // end::touch-script[]

    // tag::read-timeout[]
    // How long sessionsOf waits for its pipelined reads before it gives up with an error instead of hanging.
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    // end::read-timeout[]

    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;
    private final RedisAsyncCommands<String, String> async;
    private final SessionPolicy policy;
    private final Clock clock;
    private final SecureRandom random;

    public SessionStore(RedisClient client, SessionPolicy policy, Clock clock, SecureRandom random) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.connection = client.connect();
        this.redis = connection.sync();
        this.async = connection.async();
    }

    // tag::login[]
    /** Logs {@code userId} in: a new session with a new token, and the token in the user's index. */
    public Session login(String userId, Map<String, String> attributes) {
        requireUserId(userId);
        Instant now = clock.instant();
        Session session = new Session(SessionTokens.newToken(random), userId, now, now, attributes);

        // Every session in the index ends within one absolute lifetime from now, so the index need not outlive that.
        List<String> args = new ArrayList<>(List.of(Long.toString(policy.idleTimeout().toMillis()),
                Long.toString(policy.absoluteLifetime().toMillis()), session.token()));
        session.toHash().forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        String[] keys = {SessionKeys.session(session.token()), SessionKeys.userIndex(userId)};
        run(CREATE, ScriptOutputType.INTEGER, keys, args.toArray(String[]::new));
        return session;
    }
    // end::login[]

    // tag::find[]
    /**
     * The live session of {@code token}, refreshed: its idle timeout starts over (but never beyond its absolute
     * lifetime) and lastSeen is now. Empty for a malformed, unknown, expired or logged-out token.
     */
    public Optional<Session> find(String token) {
        if (!SessionTokens.isWellFormed(token)) {
            return Optional.empty(); // Never sent to Redis: no key is built from attacker-chosen text.
        }
        List<String> fields = run(TOUCH, ScriptOutputType.MULTI, new String[] {SessionKeys.session(token)},
                Long.toString(clock.millis()), Long.toString(policy.idleTimeout().toMillis()),
                Long.toString(policy.absoluteLifetime().toMillis()));
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> hash = new LinkedHashMap<>();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            hash.put(fields.get(i), fields.get(i + 1));
        }
        return Optional.of(Session.fromHash(token, hash));
    }
    // end::find[]

    // tag::logout[]
    /** Ends the session of {@code token} on the server. True if there was one to end. */
    public boolean logout(String token) {
        if (!SessionTokens.isWellFormed(token)) {
            return false;
        }
        String key = SessionKeys.session(token);
        String userId = redis.hget(key, Session.USER);
        if (userId == null) {
            return false;
        }
        // Deleting the hash is what logs out; the index entry is tidied after. If that SREM is lost, sessionsOf
        // prunes the entry: the session key is the truth, the index only a list of candidates.
        boolean deleted = redis.del(key) == 1;
        redis.srem(SessionKeys.userIndex(userId), token);
        return deleted;
    }
    // end::logout[]

    // tag::sessions-of[]
    /** The user's live sessions. Index entries whose session is gone are removed on the way. */
    public List<Session> sessionsOf(String userId) {
        requireUserId(userId);
        String index = SessionKeys.userIndex(userId);
        // SMEMBERS of one small set, never KEYS or SCAN over every session of every user.
        Set<String> tokens = redis.smembers(index);

        // The async API pipelines: all HGETALLs leave before the first reply is back, one round trip for N reads.
        Map<String, RedisFuture<Map<String, String>>> reads = new LinkedHashMap<>();
        tokens.forEach(token -> reads.put(token, async.hgetall(SessionKeys.session(token))));
        if (!LettuceFutures.awaitAll(READ_TIMEOUT, reads.values().toArray(RedisFuture[]::new))) {
            throw new IllegalStateException("Redis did not answer " + reads.size() + " HGETALLs in " + READ_TIMEOUT);
        }

        List<Session> live = new ArrayList<>();
        List<String> gone = new ArrayList<>();
        Instant now = clock.instant();
        reads.forEach((token, read) -> {
            Map<String, String> hash = read.toCompletableFuture().join();
            if (hash.isEmpty()) {
                gone.add(token); // Expired, logged out, or never written: nothing to list, nothing to keep.
                return;
            }
            Session session = Session.fromHash(token, hash);
            // Past its absolute lifetime but not yet read by find(): not listed, as find() would refuse it.
            if (session.createdAt().plus(policy.absoluteLifetime()).isAfter(now)) {
                live.add(session);
            }
        });
        if (!gone.isEmpty()) {
            redis.srem(index, gone.toArray(String[]::new));
        }
        return live;
    }
    // end::sessions-of[]

    // tag::logout-everywhere[]
    /** Ends every session of {@code userId} ("log out everywhere", after a password change). Returns how many. */
    public int logoutEverywhere(String userId) {
        requireUserId(userId);
        String index = SessionKeys.userIndex(userId);
        Set<String> tokens = redis.smembers(index);
        if (tokens.isEmpty()) {
            return 0;
        }
        long ended = redis.del(tokens.stream().map(SessionKeys::session).toArray(String[]::new));
        // SREM exactly what was read, not DEL of the whole set: a login that lands in between keeps its entry.
        redis.srem(index, tokens.toArray(String[]::new));
        return (int) ended;
    }
    // end::logout-everywhere[]

    // tag::login-presenting[]
    /**
     * Logs {@code userId} in from a browser that already sent {@code presentedToken} (null if none). The presented
     * session is ended and a new token issued: keeping it would let whoever planted it ride the new login.
     */
    public Session login(String userId, Map<String, String> attributes, String presentedToken) {
        requireUserId(userId);
        if (presentedToken != null) {
            logout(presentedToken); // Malformed or unknown: logout() ignores it without asking Redis.
        }
        return login(userId, attributes);
    }
    // end::login-presenting[]

    @Override
    public void close() {
        connection.close();
    }

    // tag::require-user-id[]
    private static void requireUserId(String userId) {
        // Refused before any command: a blank id would share one index, "user-sessions:", among strangers.
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("A session needs a user id, got '" + userId + "'");
        }
    }
    // end::require-user-id[]

    // tag::run-script[]
    /** Runs a script by its SHA-1 (EVALSHA), sending its text (EVAL) only when the server does not have it yet. */
    private <T> T run(String script, ScriptOutputType type, String[] keys, String... args) {
        try {
            return redis.evalsha(redis.digest(script), type, keys, args);
        } catch (RedisNoScriptException notLoadedYet) {
            // EVAL runs it and caches it, so the next EVALSHA finds it (until a restart or SCRIPT FLUSH).
            return redis.eval(script, type, keys, args);
        }
    }
    // end::run-script[]
}

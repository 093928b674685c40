package learn.redis.sessions;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Server-side sessions in Redis: one hash per session ({@link SessionKeys#session}) that expires when idle, and one
 * set per user ({@link SessionKeys#userIndex}) listing that user's tokens. Must be thread-safe: the HTTP server
 * calls it from several threads over one shared Lettuce connection.
 */
public final class SessionStore implements AutoCloseable {

    private final StatefulRedisConnection<String, String> connection;
    // Both views of the same connection: redis waits for each reply, async returns futures (and so pipelines).
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

    /** Logs {@code userId} in: a new session with a new token, and the token in the user's index. */
    public Session login(String userId, Map<String, String> attributes) {
        // TODO Task 1: refuse a blank user id; make a token; in ONE Lua script write the session hash
        //  (Session.toHash) with its idle TTL and add the token to the user's index with its TTL (not MULTI: the
        //  connection is shared; not the index from Java before or after: Task 3 races a login that does that).
        throw new UnsupportedOperationException(
                "TODO Task 1: create the session hash with a TTL and index it (docs/09-sessions.md, Task 1)");
    }

    /**
     * The live session of {@code token}, refreshed: its idle timeout starts over (but never beyond its absolute
     * lifetime) and lastSeen is now. Empty for a malformed, unknown, expired or logged-out token.
     */
    public Optional<Session> find(String token) {
        // TODO Task 2: in one Lua script, check the session exists and is within its absolute lifetime, record
        //  lastSeen and slide its TTL. (Task 4 adds a guard against malformed tokens here.)
        throw new UnsupportedOperationException(
                "TODO Task 2: read and refresh the session (docs/09-sessions.md, Task 2)");
    }

    /** Ends the session of {@code token} on the server. True if there was one to end. */
    public boolean logout(String token) {
        // TODO Task 3: delete the session hash and remove the token from its user's index.
        throw new UnsupportedOperationException(
                "TODO Task 3: delete the session on the server (docs/09-sessions.md, Task 3)");
    }

    /** The user's live sessions. Index entries whose session is gone are removed on the way. */
    public List<Session> sessionsOf(String userId) {
        // TODO Task 3: read the index, read each session (the async API pipelines), prune the entries that are gone.
        throw new UnsupportedOperationException(
                "TODO Task 3: list the user's live sessions and prune the index (docs/09-sessions.md, Task 3)");
    }

    /** Ends every session of {@code userId} ("log out everywhere", after a password change). Returns how many. */
    public int logoutEverywhere(String userId) {
        // TODO Task 3: delete every session in the user's index and remove exactly those entries from it.
        throw new UnsupportedOperationException(
                "TODO Task 3: delete all of the user's sessions (docs/09-sessions.md, Task 3)");
    }

    /**
     * Logs {@code userId} in from a browser that already sent {@code presentedToken} (null if none). The presented
     * session is ended and a new token issued: keeping it would let whoever planted it ride the new login.
     */
    public Session login(String userId, Map<String, String> attributes, String presentedToken) {
        // TODO Task 4: end the presented session (if any), then log in with a brand-new token.
        throw new UnsupportedOperationException(
                "TODO Task 4: never keep a presented token at login (docs/09-sessions.md, Task 4)");
    }

    @Override
    public void close() {
        connection.close();
    }
}

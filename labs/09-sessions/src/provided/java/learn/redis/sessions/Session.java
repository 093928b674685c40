package learn.redis.sessions;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A logged-in session as the application sees it, and its layout as a Redis hash.
 *
 * <p>The hash holds {@code user}, {@code created} and {@code lastSeen} (epoch milliseconds) and one
 * {@code attr:<name>} field per attribute. The prefix keeps an attribute called "user" from overwriting the owner.
 *
 * @param token      the session id, also the cookie value
 * @param userId     who logged in
 * @param createdAt  when they logged in: the absolute lifetime counts from here
 * @param lastSeenAt the last authenticated request: the idle timeout counts from here
 * @param attributes what the application keeps with the session (user agent, preferences, ...)
 */
public record Session(String token, String userId, Instant createdAt, Instant lastSeenAt,
        Map<String, String> attributes) {

    public static final String USER = "user";
    public static final String CREATED = "created";
    public static final String LAST_SEEN = "lastSeen";
    public static final String ATTRIBUTE_PREFIX = "attr:";

    public Session {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastSeenAt, "lastSeenAt");
        attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
    }

    /** The fields of the session's hash, ready for {@code HSET}. */
    public Map<String, String> toHash() {
        Map<String, String> hash = new LinkedHashMap<>();
        hash.put(USER, userId);
        hash.put(CREATED, Long.toString(createdAt.toEpochMilli()));
        hash.put(LAST_SEEN, Long.toString(lastSeenAt.toEpochMilli()));
        attributes.forEach((name, value) -> hash.put(ATTRIBUTE_PREFIX + name, value));
        return hash;
    }

    /** Reads a session back from its hash ({@code HGETALL}); a hash without the three session fields is refused. */
    public static Session fromHash(String token, Map<String, String> hash) {
        if (hash.isEmpty()) {
            throw new IllegalArgumentException("Empty hash for token " + token + ": that session does not exist."
                    + " Check for an empty reply before calling fromHash (a Lua script that returns nil reaches"
                    + " Lettuce's ScriptOutputType.MULTI as a list holding one null).");
        }
        for (String field : new String[] {USER, CREATED, LAST_SEEN}) {
            if (!hash.containsKey(field)) {
                throw new IllegalArgumentException("Not a session hash: no '" + field + "' field in " + hash.keySet()
                        + ". Was it written by something that touched a session key that had already expired?");
            }
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        hash.forEach((field, value) -> {
            if (field.startsWith(ATTRIBUTE_PREFIX)) {
                attributes.put(field.substring(ATTRIBUTE_PREFIX.length()), value);
            }
        });
        return new Session(token, hash.get(USER), Instant.ofEpochMilli(Long.parseLong(hash.get(CREATED))),
                Instant.ofEpochMilli(Long.parseLong(hash.get(LAST_SEEN))), attributes);
    }
}

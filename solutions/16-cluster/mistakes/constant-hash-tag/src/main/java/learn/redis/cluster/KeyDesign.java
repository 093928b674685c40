package learn.redis.cluster;

import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Key names for a Redis Cluster. A key's slot is CRC16 of its hash tag (or of the whole key if it has none) mod
 * 16384; keys that one command or script must touch together need the same slot, and so the same tag. The tag is
 * the entity the keys belong to (a user, a resource, a client), never a constant: a constant tag would put every
 * key of the application onto one master.
 */
public final class KeyDesign {

    public static final int SLOTS = 16384;

    private KeyDesign() {
    }

    // tag::hashed-part[]
    /**
     * The part of {@code key} that Redis hashes: what lies between the first '{' and the first '}' after it, if
     * that is not empty; otherwise the whole key.
     */
    public static String hashedPart(String key) {
        int open = key.indexOf('{');
        if (open >= 0) {
            int close = key.indexOf('}', open + 1);
            // "{}" is no tag: "foo{}{bar}" hashes whole, not "bar" (Redis looks at the first '{' only).
            if (close > open + 1) {
                return key.substring(open + 1, close);
            }
        }
        return key;
    }
    // end::hashed-part[]

    /** The slot Redis puts {@code key} in: the same number {@code CLUSTER KEYSLOT key} gives. */
    public static int slotOf(String key) {
        // CRC16 of the UTF-8 bytes; & (SLOTS - 1) is mod 16384 for a power of two.
        return JedisClusterCRC16.getCRC16(hashedPart(key)) & (SLOTS - 1);
    }

    // tag::key-design[]
    /** A session of a user: tagged by the user, so it shares a slot with {@link #userSessionsKey}. */
    public static String sessionKey(String userId, String sessionId) {
        return "session:{sessions}:user:" + id(userId, "userId") + ":" + id(sessionId, "sessionId");
    }

    /** The set of a user's session ids (lab 09's index), in the slot of that user's sessions. */
    public static String userSessionsKey(String userId) {
        return "sessions:{sessions}:user:" + id(userId, "userId");
    }

    /** A lock (lab 10), tagged by the resource so that its fence counter lives in the same slot. */
    public static String lockKey(String resource) {
        return "lock:{" + id(resource, "resource") + "}";
    }

    public static String fenceKey(String resource) {
        return "lock:{" + id(resource, "resource") + "}:fence";
    }

    /** A rate limiter's counter for one client and window ("minute", "hour"): a client's windows share a slot. */
    public static String rateKey(String clientId, String window) {
        return "rate:{client:" + id(clientId, "clientId") + "}:" + id(window, "window");
    }
    // end::key-design[]

    /** An id must not be blank, and must not hold a brace: "a}b" would end the tag early and change the slot. */
    private static String id(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        if (value.indexOf('{') >= 0 || value.indexOf('}') >= 0) {
            throw new IllegalArgumentException(name + " '" + value + "' holds a brace, which would change the"
                    + " key's hash tag and so its slot");
        }
        return value;
    }
}

package learn.redis.cluster;

/**
 * Key names for a Redis Cluster. A key's slot is CRC16 of its hash tag (or of the whole key if it has none) mod
 * 16384; keys that one command or script must touch together need the same slot, and so the same tag.
 */
public final class KeyDesign {

    public static final int SLOTS = 16384;

    private KeyDesign() {
    }

    /**
     * The part of {@code key} that Redis hashes: what lies between the first '{' and the first '}' after it, if
     * that is not empty; otherwise the whole key.
     */
    public static String hashedPart(String key) {
        // TODO Task 1: find the first '{', then the first '}' after it; a non-empty text between them is the tag.
        throw new UnsupportedOperationException(
                "TODO Task 1: implement KeyDesign.hashedPart (docs/16-cluster.md, Task 1)");
    }

    /** The slot Redis puts {@code key} in: the same number {@code CLUSTER KEYSLOT key} gives. */
    public static int slotOf(String key) {
        // TODO Task 1: CRC16 of the hashed part (redis.clients.jedis.util.JedisClusterCRC16.getCRC16), mod 16384.
        throw new UnsupportedOperationException(
                "TODO Task 1: implement KeyDesign.slotOf (docs/16-cluster.md, Task 1)");
    }

    /** A session of a user: it must share a slot with {@link #userSessionsKey} of the same user. */
    public static String sessionKey(String userId, String sessionId) {
        // TODO Task 1: a key with a hash tag; refuse blank ids and ids holding a brace.
        throw new UnsupportedOperationException(
                "TODO Task 1: design KeyDesign.sessionKey (docs/16-cluster.md, Task 1)");
    }

    /** The set of a user's session ids (lab 09's index), in the slot of that user's sessions. */
    public static String userSessionsKey(String userId) {
        // TODO Task 1
        throw new UnsupportedOperationException(
                "TODO Task 1: design KeyDesign.userSessionsKey (docs/16-cluster.md, Task 1)");
    }

    /** A lock (lab 10); its fence counter must live in the same slot. */
    public static String lockKey(String resource) {
        // TODO Task 1
        throw new UnsupportedOperationException(
                "TODO Task 1: design KeyDesign.lockKey (docs/16-cluster.md, Task 1)");
    }

    public static String fenceKey(String resource) {
        // TODO Task 1
        throw new UnsupportedOperationException(
                "TODO Task 1: design KeyDesign.fenceKey (docs/16-cluster.md, Task 1)");
    }

    /** A rate limiter's counter for one client and window ("minute", "hour"): a client's windows share a slot. */
    public static String rateKey(String clientId, String window) {
        // TODO Task 1
        throw new UnsupportedOperationException(
                "TODO Task 1: design KeyDesign.rateKey (docs/16-cluster.md, Task 1)");
    }
}

package learn.redis.hashes;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.RedisClient;

/**
 * When each user was last seen, as one hash {@code last-seen}: field = user id, value = epoch milliseconds. It
 * holds every user, so it can grow to millions of fields.
 */
public final class LastSeenIndex {

    private final RedisClient redis;

    public LastSeenIndex(RedisClient redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    /** Records that the user was seen at {@code at}. */
    public void touch(String userId, Instant at) {
        // TODO Task 4: set the user's field to the epoch milliseconds (HSET)
        throw new UnsupportedOperationException(
                "TODO Task 4: record the user's last-seen time (docs/02-hashes.md, Task 4)");
    }

    /** The users last seen before {@code cutoff}, sorted by id. */
    public List<String> idleSince(Instant cutoff) {
        // TODO Task 4: walk the hash page by page with HSCAN until the cursor is back at "0"
        throw new UnsupportedOperationException(
                "TODO Task 4: walk the hash with HSCAN (docs/02-hashes.md, Task 4)");
    }
}

package learn.redis.hashes;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.RedisClient;

/**
 * What a user did: the {@link Counter}s and the moment the user was first seen, all in the hash
 * {@code activity:<userId>} (fields {@code likes}, {@code posts}, {@code followers}, {@code first-seen}, the
 * latter in epoch milliseconds).
 */
public final class UserActivity {

    private final RedisClient redis;

    public UserActivity(RedisClient redis) {
        this.redis = Objects.requireNonNull(redis, "redis");
    }

    /** Adds one to the counter and returns its new value. */
    public long increment(String userId, Counter counter) {
        // TODO Task 3: let the server add one to the field (HINCRBY)
        throw new UnsupportedOperationException(
                "TODO Task 3: increment the counter field with HINCRBY (docs/02-hashes.md, Task 3)");
    }

    /** Every counter of the user; those never incremented read 0. */
    public Map<Counter, Long> counts(String userId) {
        // TODO Task 3: read all counter fields in one command; absent fields count 0
        throw new UnsupportedOperationException(
                "TODO Task 3: read every counter, 0 when absent (docs/02-hashes.md, Task 3)");
    }

    /**
     * Records when the user was first seen, unless that is already recorded.
     *
     * @return true if this call recorded it
     */
    public boolean markFirstSeen(String userId, Instant at) {
        // TODO Task 4: write first-seen only if it is not there yet (HSETNX)
        throw new UnsupportedOperationException(
                "TODO Task 4: set first-seen once with HSETNX (docs/02-hashes.md, Task 4)");
    }

    /** When the user was first seen, if recorded. */
    public Optional<Instant> firstSeen(String userId) {
        // TODO Task 4: read first-seen back (HGET)
        throw new UnsupportedOperationException(
                "TODO Task 4: read first-seen with HGET (docs/02-hashes.md, Task 4)");
    }
}

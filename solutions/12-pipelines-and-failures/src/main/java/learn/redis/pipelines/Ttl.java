package learn.redis.pipelines;

import java.time.Duration;

/** A TTL as Redis's {@code PX} wants it: whole milliseconds, and at least one. */
final class Ttl {

    private Ttl() {
    }

    static long millis(Duration ttl) {
        if (ttl == null || ttl.toMillis() < 1) {
            // PX 0 and PX -5 are errors in Redis; a key without a TTL would be worse: it never leaves the cache.
            throw new IllegalArgumentException("a TTL is at least 1 ms, got " + ttl);
        }
        return ttl.toMillis();
    }
}

package learn.redis.nearcache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;

/** The in-process level of the near cache: Caffeine, bounded in entries and in time. */
public final class LocalLevel {

    private LocalLevel() {
    }

    /**
     * A local cache of at most {@code maxEntries} entries, each living {@code ttl} after it was stored, with hit and
     * miss statistics, on {@code ticker}'s time.
     *
     * @throws IllegalArgumentException if {@code maxEntries} is below 1 or {@code ttl} is missing, zero or negative
     */
    public static Cache<String, String> newCache(int maxEntries, Duration ttl, Ticker ticker) {
        // TODO Task 1: refuse bad bounds, then build a Caffeine cache: a maximum size, expiry after write, the
        //  ticker, statistics.
        throw new UnsupportedOperationException(
                "TODO Task 1: implement LocalLevel.newCache (docs/13-near-cache.md, Task 1)");
    }
}

package learn.redis.nearcache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.Objects;

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
    // tag::new-cache[]
    public static Cache<String, String> newCache(int maxEntries, Duration ttl, Ticker ticker) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries
                    + ": an unbounded local cache grows until the JVM runs out of heap");
        }
        if (ttl == null || ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttl
                    + ": it is the safety net when an invalidation is lost");
        }
        Objects.requireNonNull(ticker, "ticker");
        return Caffeine.newBuilder()
                .maximumSize(maxEntries)
                // After write, not after access: a hot entry read every second must still be refreshed.
                .expireAfterWrite(ttl)
                .ticker(ticker)
                .recordStats()
                .build();
    }
    // end::new-cache[]
}

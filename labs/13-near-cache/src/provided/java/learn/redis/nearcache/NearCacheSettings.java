package learn.redis.nearcache;

import java.time.Duration;
import java.util.List;

/**
 * How a {@link NearCache} is set up: the bounds of its local level and how Redis keeps that level coherent.
 *
 * <p>{@code maxEntries} and {@code ttl} are checked where the local level is built ({@code LocalLevel.newCache},
 * Task 1); this record checks that the tracking options fit together.
 *
 * @param maxEntries how many entries the local level holds at most
 * @param ttl        how long a local entry lives after it was stored: the safety net when an invalidation is lost
 * @param tracking   whether and how Redis tells this instance about changed keys
 * @param noloop     whether Redis skips telling this instance about its own writes ({@code NOLOOP})
 * @param prefixes   the key prefixes a {@link Tracking#BCAST} instance hears about ({@code PREFIX}); empty: all keys
 */
public record NearCacheSettings(int maxEntries, Duration ttl, Tracking tracking, boolean noloop,
        List<String> prefixes) {

    /** What Redis does for this instance's local level. */
    public enum Tracking {
        /** Nothing: the local level is only ever refreshed by its TTL (Task 2). */
        NONE,
        /** {@code CLIENT TRACKING ON}: Redis remembers every key this instance read and reports when it changes. */
        DEFAULT,
        /** {@code CLIENT TRACKING ON BCAST}: Redis reports every change under the prefixes, read or not. */
        BCAST
    }

    public NearCacheSettings {
        if (tracking == null) {
            throw new IllegalArgumentException("tracking must be NONE, DEFAULT or BCAST, not null");
        }
        prefixes = prefixes == null ? List.of() : List.copyOf(prefixes);
        if (!prefixes.isEmpty() && tracking != Tracking.BCAST) {
            throw new IllegalArgumentException("prefixes " + prefixes + " need BCAST tracking: Redis refuses PREFIX"
                    + " without BCAST");
        }
        if (noloop && tracking == Tracking.NONE) {
            throw new IllegalArgumentException("noloop is an option of tracking; with tracking NONE it means nothing");
        }
    }

    /** A local level alone: nobody tells it that another instance changed a key. */
    public static NearCacheSettings localOnly(int maxEntries, Duration ttl) {
        return new NearCacheSettings(maxEntries, ttl, Tracking.NONE, false, List.of());
    }

    /** Default tracking: Redis reports changes to the keys this instance read. */
    public static NearCacheSettings tracking(int maxEntries, Duration ttl) {
        return new NearCacheSettings(maxEntries, ttl, Tracking.DEFAULT, false, List.of());
    }

    /** Broadcast tracking: Redis reports every change to a key under one of {@code prefixes}. */
    public static NearCacheSettings broadcast(int maxEntries, Duration ttl, String... prefixes) {
        return new NearCacheSettings(maxEntries, ttl, Tracking.BCAST, false, List.of(prefixes));
    }

    /** The same settings with {@code NOLOOP}: no invalidation for this instance's own writes. */
    public NearCacheSettings withNoloop() {
        return new NearCacheSettings(maxEntries, ttl, tracking, true, prefixes);
    }
}

package learn.redis.eviction;

import java.util.Locale;

/** The values of {@code maxmemory-policy}: what Redis does when a write would take it past {@code maxmemory}. */
public enum EvictionPolicy {
    /** Refuse the write with an OOM error; the default. */
    NOEVICTION,
    /** Evict any key, least recently used first (approximated by sampling). */
    ALLKEYS_LRU,
    /** Evict any key, least frequently used first (a logarithmic counter that decays). */
    ALLKEYS_LFU,
    /** Evict any key, at random. */
    ALLKEYS_RANDOM,
    /** Evict only keys that have a TTL, least recently used first; none left: refuse the write. */
    VOLATILE_LRU,
    /** Evict only keys that have a TTL, least frequently used first. */
    VOLATILE_LFU,
    /** Evict only keys that have a TTL, at random. */
    VOLATILE_RANDOM,
    /** Evict only keys that have a TTL, the one closest to expiring first. */
    VOLATILE_TTL;

    /** The name {@code CONFIG SET maxmemory-policy} takes, e.g. {@code allkeys-lru}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

package learn.redis.eviction;

/** A key and its access frequency counter, from {@code OBJECT FREQ key} (0 to 255, logarithmic). */
public record KeyHeat(String key, long frequency) {
}

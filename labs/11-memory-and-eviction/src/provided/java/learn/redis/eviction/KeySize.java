package learn.redis.eviction;

/** A key and what it costs, from {@code MEMORY USAGE key SAMPLES 0}. */
public record KeySize(String key, long bytes) {
}

package learn.redis.eviction;

/**
 * What one key costs the server.
 *
 * @param key      the key
 * @param type     {@code TYPE key}: string, hash, list, set, zset, stream
 * @param encoding {@code OBJECT ENCODING key}: int, embstr, raw, ziplist (6.2) or listpack (7), hashtable, ...
 * @param bytes    {@code MEMORY USAGE key SAMPLES 0}: the key, its value and the server's bookkeeping, counted
 *                 exactly (every nested element, not an estimate from a sample)
 */
public record EntryReport(String key, String type, String encoding, long bytes) {
}

package learn.redis.eviction;

/**
 * One replay of a workload against a cache of a given size, as the server counted it ({@code INFO stats}).
 *
 * @param policy        the {@code maxmemory-policy} of the run
 * @param maxmemory     the {@code maxmemory} of the run, in bytes
 * @param hits          {@code keyspace_hits}: reads that found their key
 * @param misses        {@code keyspace_misses}: reads that did not
 * @param evictedKeys   {@code evicted_keys}: keys the server removed to stay under {@code maxmemory}
 * @param refusedWrites cache writes the server refused with an OOM error
 */
public record RunResult(EvictionPolicy policy, long maxmemory, long hits, long misses, long evictedKeys,
                        long refusedWrites) {

    /** hits / (hits + misses); 0 for a run without reads. */
    public double hitRatio() {
        long reads = hits + misses;
        return reads == 0 ? 0 : (double) hits / reads;
    }
}

package learn.redis.persistence;

import java.util.Set;

/**
 * What a crash drill found after the restart.
 *
 * @param survived keys that were back with the value written before the crash
 * @param lost     keys that were missing or had another value
 */
public record DrillReport(Set<String> survived, Set<String> lost) {

    public DrillReport {
        survived = Set.copyOf(survived);
        lost = Set.copyOf(lost);
    }
}

package learn.redis.persistence;

import java.util.List;
import java.util.Objects;

/** Turns a durability requirement into the Redis settings that meet it, and no more expensive ones. */
public final class DurabilityPolicies {

    private DurabilityPolicies() {
    }

    /** Task 6: the cheapest persistence settings that meet {@code requirement}. */
    public static PersistencePolicy policyFor(Requirement requirement) {
        Objects.requireNonNull(requirement, "requirement");
        // tag::policyFor[]
        return switch (requirement) {
            // Every key can be rebuilt from the database: no fork for snapshots, no log to write. A restart
            // starts cold, which the cache-aside code handles anyway.
            case CACHE_ONLY -> new PersistencePolicy(List.of(), false, AppendFsync.EVERYSEC);
            // "300 1" bounds the loss at five minutes even for a single write; "60 10000" snapshots a busy
            // server more often, so a crash costs fewer writes.
            case FEW_MINUTES_OF_LOSS_ACCEPTABLE -> new PersistencePolicy(
                    List.of(SavePoint.of(300, 1), SavePoint.of(60, 10_000)), false, AppendFsync.EVERYSEC);
            // The AOF bounds the loss; an hourly snapshot stays as a compact backup to copy elsewhere.
            case LOSE_AT_MOST_ONE_SECOND -> new PersistencePolicy(
                    List.of(SavePoint.of(3600, 1)), true, AppendFsync.EVERYSEC);
            // fsync before every reply: the only setting that survives a power loss, and the slowest.
            case LOSE_NOTHING_ACKNOWLEDGED -> new PersistencePolicy(
                    List.of(SavePoint.of(3600, 1)), true, AppendFsync.EVERYSEC);
        };
        // end::policyFor[]
    }
}

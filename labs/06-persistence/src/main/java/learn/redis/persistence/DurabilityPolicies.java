package learn.redis.persistence;

/** Turns a durability requirement into the Redis settings that meet it, and no more expensive ones. */
public final class DurabilityPolicies {

    private DurabilityPolicies() {
    }

    /** Task 6: the cheapest persistence settings that meet {@code requirement}. */
    public static PersistencePolicy policyFor(Requirement requirement) {
        // TODO Task 6: one PersistencePolicy per requirement: the cheapest that meets it (with AOF, save points
        // are optional).
        throw new UnsupportedOperationException(
                "TODO Task 6: choose the settings for a durability requirement (docs/06-persistence.md, Task 6)");
    }
}

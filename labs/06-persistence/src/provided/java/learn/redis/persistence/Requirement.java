package learn.redis.persistence;

/** A durability requirement as a product owner states it; {@code DurabilityPolicies} turns it into settings. */
public enum Requirement {
    CACHE_ONLY("a cache: every key can be rebuilt from the database, so durability is irrelevant"),
    FEW_MINUTES_OF_LOSS_ACCEPTABLE("a crash may cost up to five minutes of writes, even a single write"),
    LOSE_AT_MOST_ONE_SECOND("a crash, even a power loss, may cost at most about one second of writes"),
    LOSE_NOTHING_ACKNOWLEDGED("a write the client saw acknowledged is never lost, even on a power loss");

    private final String description;

    Requirement(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}

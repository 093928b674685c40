package learn.redis.writestrategies;

/**
 * A row of the {@code product} table.
 *
 * @param version raised by one on every committed change, so a higher version is always the newer state
 */
public record Product(long id, String name, long priceCents, long version) {

    /** The Redis key that caches product {@code id}: {@code product:42}. One place, so tests and code agree. */
    public static String cacheKey(long id) {
        return "product:" + id;
    }
}

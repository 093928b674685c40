package learn.redis.pipelines;

import java.util.Objects;

/**
 * A row of the {@code product} table, and what the cache keeps a copy of.
 *
 * @param id         the primary key, positive
 * @param name       not blank
 * @param priceCents the price in cents, not negative
 */
public record Product(long id, String name, long priceCents) {

    public Product {
        if (id <= 0) {
            throw new IllegalArgumentException("a product id is positive, got " + id);
        }
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a product needs a name");
        }
        if (priceCents < 0) {
            throw new IllegalArgumentException("a price is not negative, got " + priceCents + " cents");
        }
    }

    /** How the cache stores it: {@code id|priceCents|name} (the name last, so it may hold any character). */
    public String toCacheValue() {
        return id + "|" + priceCents + "|" + name;
    }

    /** The inverse of {@link #toCacheValue()}. */
    public static Product fromCacheValue(String value) {
        String[] parts = value.split("\\|", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a cached product: " + value);
        }
        return new Product(Long.parseLong(parts[0]), parts[2], Long.parseLong(parts[1]));
    }
}

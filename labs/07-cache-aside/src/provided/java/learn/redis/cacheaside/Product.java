package learn.redis.cacheaside;

import java.util.Objects;

/**
 * A row of the {@code product} table: what the database holds and what the cache keeps a copy of.
 *
 * @param id         the primary key, positive
 * @param name       not blank
 * @param priceCents the price in cents (money in a {@code long}, never a {@code double}), not negative
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

    /** The same product at another price: what an update writes. */
    public Product withPriceCents(long newPriceCents) {
        return new Product(id, name, newPriceCents);
    }
}

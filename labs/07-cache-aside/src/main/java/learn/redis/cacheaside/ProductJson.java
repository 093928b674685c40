package learn.redis.cacheaside;

import java.util.Optional;

/** How a {@link Product} is stored in Redis: a JSON object that redis-cli shows and any language can read. */
public final class ProductJson {

    public String write(Product product) {
        // TODO Task 1: serialise with one shared Jackson 3 JsonMapper (tools.jackson.databind.json.JsonMapper).
        throw new UnsupportedOperationException(
                "TODO Task 1: write the product as a JSON object (docs/07-cache-aside.md, Task 1)");
    }

    /**
     * The product in {@code json}, or empty if the text is not a product in today's format. A cache holds copies:
     * an unreadable copy is a miss to reload from the database, never an error for the caller.
     */
    public Optional<Product> read(String json) {
        // TODO Task 1: parse strictly (unknown or missing fields fail) and turn every failure into Optional.empty().
        throw new UnsupportedOperationException(
                "TODO Task 1: read a product back, unreadable text is empty (docs/07-cache-aside.md, Task 1)");
    }
}

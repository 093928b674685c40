package learn.redis.cacheaside;

import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** How a {@link Product} is stored in Redis: a JSON object that redis-cli shows and any language can read. */
public final class ProductJson {

    // One mapper for every call: it is thread-safe and expensive to build.
    private static final JsonMapper MAPPER = JsonMapper.builder()
            // A cached entry written by an older release with other field names must not pass for a product.
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // Without this a missing "priceCents" silently becomes 0: a free product served from the cache.
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .build();

    // tag::write[]
    public String write(Product product) {
        return MAPPER.writeValueAsString(product);
    }
    // end::write[]

    /**
     * The product in {@code json}, or empty if the text is not a product in today's format. A cache holds copies:
     * an unreadable copy is a miss to reload from the database, never an error for the caller.
     */
    public Optional<Product> read(String json) {
        try {
            // "null" is valid JSON and reads as null: also a miss.
            return Optional.ofNullable(MAPPER.readValue(json, Product.class));
        } catch (JacksonException unreadable) {
            // Covers broken JSON, other field names, wrong types, and the Product constructor's own checks.
            return Optional.empty();
        }
    }
}

package learn.redis.writestrategies;

import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a product is stored in Redis: a JSON string such as
 * {@code {"id":1,"name":"Espresso beans 1 kg","priceCents":100,"version":1}}. The version travels with the value,
 * so a Lua script can compare it ({@code cjson.decode(value).version}).
 */
public final class ProductJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ProductJson() {
    }

    public static String write(Product product) {
        return MAPPER.writeValueAsString(product);
    }

    /**
     * The product in {@code value}, or empty when the value is not a product (a lease marker, a corrupt entry):
     * for a cache, anything it cannot use is a miss.
     */
    public static Optional<Product> read(String value) {
        if (value == null || !value.startsWith("{")) {
            return Optional.empty();
        }
        try {
            return Optional.of(MAPPER.readValue(value, Product.class));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }
}

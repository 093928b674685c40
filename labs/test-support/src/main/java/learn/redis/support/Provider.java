package learn.redis.support;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a run's Redis server comes from, in the order they are tried. Force one with {@code -Dredis.provider=NAME}. */
public enum Provider {
    /** {@code REDIS_URL} or {@code -Dredis.url}: a server somebody else runs (CI service, local install). */
    URL("url", "REDIS_URL"),
    /** A pinned {@code redis:7} container, when a Docker engine answers. */
    TESTCONTAINERS("testcontainers", "Testcontainers"),
    /** {@code redis-server} found on the PATH. */
    PATH("path", "redis-server on PATH"),
    /** The Redis 6.2 binary shipped inside the embedded-redis jar: nothing to install. */
    EMBEDDED("embedded", "embedded binary");

    private final String option;
    private final String label;

    Provider(String option, String label) {
        this.option = option;
        this.label = label;
    }

    /** How the run describes a server of this provider, e.g. "embedded binary". */
    public String label() {
        return label;
    }

    static Provider fromOption(String value) {
        for (Provider provider : values()) {
            if (provider.option.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return provider;
            }
        }
        throw new IllegalArgumentException("Unknown redis.provider '" + value + "'. Use one of: "
                + Arrays.stream(values()).map(p -> p.option).collect(Collectors.joining(", ")) + ".");
    }
}

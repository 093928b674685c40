package learn.redis.support;

import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** Decides where a run's Redis comes from. Pure logic: the environment is passed in, so it is tested directly. */
final class ProviderChoice {

    /**
     * What the user asked for.
     *
     * @param url       a server URL, or null
     * @param urlOrigin where the URL came from ("REDIS_URL" or "-Dredis.url"), for messages
     * @param forced    {@code -Dredis.provider} / {@code REDIS_PROVIDER}, or null
     */
    record Settings(String url, String urlOrigin, String forced) {

        static Settings from(Map<String, String> env, Map<?, ?> systemProperties) {
            String urlProperty = blankToNull(systemProperties.get("redis.url"));
            String url = urlProperty != null ? urlProperty : blankToNull(env.get("REDIS_URL"));
            String origin = urlProperty != null ? "-Dredis.url" : "REDIS_URL";
            String forced = blankToNull(systemProperties.get("redis.provider"));
            return new Settings(url, origin, forced != null ? forced : blankToNull(env.get("REDIS_PROVIDER")));
        }

        Optional<String> urlIfAny() {
            return Optional.ofNullable(url);
        }

        private static String blankToNull(Object value) {
            return value == null || value.toString().isBlank() ? null : value.toString().trim();
        }
    }

    private ProviderChoice() {
    }

    /**
     * URL if one is given, else a container if Docker answers, else redis-server on the PATH, else the embedded
     * binary; a forced provider wins. Docker is only probed when the choice depends on it.
     */
    static Provider choose(Settings settings, BooleanSupplier dockerAvailable, boolean redisServerOnPath) {
        if (settings.forced() != null) {
            Provider forced;
            try {
                forced = Provider.fromOption(settings.forced());
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException(e.getMessage());
            }
            if (forced == Provider.URL && settings.url() == null) {
                throw new ExtensionConfigurationException(
                        "redis.provider=url needs a server URL: set REDIS_URL or -Dredis.url=redis://host:6379/0.");
            }
            return forced;
        }
        if (settings.url() != null) {
            return Provider.URL;
        }
        if (dockerAvailable.getAsBoolean()) {
            return Provider.TESTCONTAINERS;
        }
        return redisServerOnPath ? Provider.PATH : Provider.EMBEDDED;
    }
}

package learn.redis.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.BooleanSupplier;
import learn.redis.support.ProviderChoice.Settings;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

@DisplayName("Where a run's Redis comes from")
class ProviderChoiceTest {

    private static final BooleanSupplier DOCKER = () -> true;
    private static final BooleanSupplier NO_DOCKER = () -> false;
    private static final BooleanSupplier MUST_NOT_PROBE = () -> {
        throw new AssertionError("Docker was probed although the choice did not depend on it");
    };

    @Test
    @DisplayName("a URL wins, and Docker is not even probed")
    void urlWins() {
        Settings settings = new Settings("redis://localhost:6379/0", "REDIS_URL", null);
        assertThat(ProviderChoice.choose(settings, MUST_NOT_PROBE, true)).isEqualTo(Provider.URL);
    }

    @Test
    @DisplayName("without a URL, a reachable Docker engine means a container")
    void dockerNext() {
        assertThat(ProviderChoice.choose(none(), DOCKER, true)).isEqualTo(Provider.TESTCONTAINERS);
    }

    @Test
    @DisplayName("without Docker, redis-server on the PATH is used")
    void pathNext() {
        assertThat(ProviderChoice.choose(none(), NO_DOCKER, true)).isEqualTo(Provider.PATH);
    }

    @Test
    @DisplayName("with nothing installed, the embedded binary is used")
    void embeddedLast() {
        assertThat(ProviderChoice.choose(none(), NO_DOCKER, false)).isEqualTo(Provider.EMBEDDED);
    }

    @Test
    @DisplayName("-Dredis.provider forces a provider, whatever else is there")
    void forcedWins() {
        Settings settings = new Settings("redis://localhost:6379", "REDIS_URL", "Embedded");
        assertThat(ProviderChoice.choose(settings, MUST_NOT_PROBE, true)).isEqualTo(Provider.EMBEDDED);
        assertThat(ProviderChoice.choose(new Settings(null, "REDIS_URL", "path"), MUST_NOT_PROBE, true))
                .isEqualTo(Provider.PATH);
    }

    @Test
    @DisplayName("forcing 'url' without a URL, or an unknown provider, is a clear configuration error")
    void badForcing() {
        assertThatThrownBy(() -> ProviderChoice.choose(new Settings(null, "REDIS_URL", "url"), NO_DOCKER, false))
                .isInstanceOf(ExtensionConfigurationException.class).hasMessageContaining("REDIS_URL");
        assertThatThrownBy(() -> ProviderChoice.choose(new Settings(null, "REDIS_URL", "podman"), NO_DOCKER, false))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("podman").hasMessageContaining("url, testcontainers, path, embedded");
    }

    @Test
    @DisplayName("-Dredis.url beats REDIS_URL, and blank values count as unset")
    void settingsFromEnvironment() {
        Settings both = Settings.from(Map.of("REDIS_URL", "redis://env:1"), Map.of("redis.url", "redis://prop:2"));
        assertThat(both.url()).isEqualTo("redis://prop:2");
        assertThat(both.urlOrigin()).isEqualTo("-Dredis.url");

        Settings blank = Settings.from(Map.of("REDIS_URL", "redis://env:1", "REDIS_PROVIDER", "path"),
                Map.of("redis.url", " ", "redis.provider", ""));
        assertThat(blank.url()).isEqualTo("redis://env:1");
        assertThat(blank.urlOrigin()).isEqualTo("REDIS_URL");
        assertThat(blank.forced()).isEqualTo("path");
    }

    @Test
    @DisplayName("passwords never reach a message")
    void masking() {
        assertThat(RedisServerInfo.mask("redis://:secret@host:6379/0")).isEqualTo("redis://:****@host:6379/0");
        assertThat(RedisServerInfo.mask("redis://alice:secret@host:6379")).isEqualTo("redis://alice:****@host:6379");
        assertThat(RedisServerInfo.mask("redis://host:6379")).isEqualTo("redis://host:6379");
    }

    private static Settings none() {
        return new Settings(null, "REDIS_URL", null);
    }
}

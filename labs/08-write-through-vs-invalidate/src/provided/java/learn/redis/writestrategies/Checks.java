package learn.redis.writestrategies;

import java.time.Duration;
import java.util.Objects;

/** Argument checks shared by the caches' constructors: a zero TTL would make Redis reject every SET. */
final class Checks {

    private Checks() {
    }

    static Duration positive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + duration);
        }
        return duration;
    }
}

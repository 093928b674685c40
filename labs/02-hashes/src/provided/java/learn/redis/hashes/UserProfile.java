package learn.redis.hashes;

import java.util.Objects;

/**
 * A user's profile as the application sees it. {@code bio} is optional: {@code null} when the user wrote none.
 *
 * <p>Stored in Redis as the hash {@code profile:<id>} with the fields {@code name}, {@code email} and, only when
 * present, {@code bio}. The id is in the key, so it is not repeated as a field.
 */
public record UserProfile(String id, String name, String email, String bio) {

    public UserProfile {
        requireText(id, "id");
        requireText(name, "name");
        requireText(email, "email");
        if (bio != null && bio.isBlank()) {
            throw new IllegalArgumentException("bio must be null (no bio) or non-blank text, not '" + bio + "'");
        }
    }

    /** A profile with only the required fields. */
    public static UserProfile withoutBio(String id, String name, String email) {
        return new UserProfile(id, name, email, null);
    }

    private static void requireText(String value, String field) {
        Objects.requireNonNull(value, () -> field + " is required");
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
    }
}

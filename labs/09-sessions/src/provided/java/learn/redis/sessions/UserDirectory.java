package learn.redis.sessions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Who may log in. Stands in for a real user database so the lab can stay about sessions: a real one stores slow,
 * salted password hashes (Argon2, bcrypt), never passwords.
 */
public final class UserDirectory {

    private final Map<String, byte[]> digests;

    private UserDirectory(Map<String, byte[]> digests) {
        this.digests = digests;
    }

    /** A directory of user ids and their passwords. */
    public static UserDirectory of(Map<String, String> passwords) {
        return new UserDirectory(passwords.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> sha256(entry.getValue()))));
    }

    /** Whether {@code password} is the user's; compared in constant time so response times do not leak it. */
    public boolean authenticate(String userId, String password) {
        byte[] expected = digests.get(userId);
        return expected != null && password != null && MessageDigest.isEqual(expected, sha256(password));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}

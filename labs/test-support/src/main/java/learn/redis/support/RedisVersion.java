package learn.redis.support;

/** A Redis server version, for the few tests that must branch on it (e.g. AOF file layout in 7.0). */
public record RedisVersion(int major, int minor, int patch) implements Comparable<RedisVersion> {

    /** Parses "7.2.4" (as in {@code INFO server}'s {@code redis_version}). */
    public static RedisVersion parse(String text) {
        String[] parts = text.trim().split("\\.");
        try {
            return new RedisVersion(Integer.parseInt(parts[0]),
                    parts.length > 1 ? Integer.parseInt(parts[1]) : 0,
                    parts.length > 2 ? Integer.parseInt(parts[2]) : 0);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not a Redis version: '" + text + "'", e);
        }
    }

    public boolean isAtLeast(int major, int minor) {
        return compareTo(new RedisVersion(major, minor, 0)) >= 0;
    }

    @Override
    public int compareTo(RedisVersion other) {
        int byMajor = Integer.compare(major, other.major);
        if (byMajor != 0) {
            return byMajor;
        }
        int byMinor = Integer.compare(minor, other.minor);
        return byMinor != 0 ? byMinor : Integer.compare(patch, other.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}

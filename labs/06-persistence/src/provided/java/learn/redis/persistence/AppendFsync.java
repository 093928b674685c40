package learn.redis.persistence;

import java.util.Locale;

/** When Redis calls fsync() on the AOF: the {@code appendfsync} setting. */
public enum AppendFsync {
    /** fsync after every write, before the reply: nothing acknowledged is lost, at a large cost in throughput. */
    ALWAYS,
    /** fsync once a second in the background: a power loss costs up to about a second of writes. */
    EVERYSEC,
    /** Leave flushing to the OS (typically every 30 s on Linux): fastest, and a power loss costs that much. */
    NO;

    /** The value as {@code CONFIG GET appendfsync} reports it and {@code CONFIG SET} expects it. */
    public String configValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code always}, {@code everysec} or {@code no}. */
    public static AppendFsync fromConfig(String value) {
        for (AppendFsync policy : values()) {
            if (policy.configValue().equalsIgnoreCase(value.trim())) {
                return policy;
            }
        }
        throw new IllegalArgumentException("Not an appendfsync value: '" + value + "' (always, everysec or no)");
    }
}

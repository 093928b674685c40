package learn.redis.counting;

import java.time.LocalDate;
import java.util.OptionalLong;
import redis.clients.jedis.RedisClient;

/**
 * Daily sign-ins as bitmaps: one string per (UTC) day, bit {@code n} set when user {@code n} signed in. A million
 * users cost 125 KB a day, and "who signed in every day this week" is one {@code BITOP AND} on the server.
 */
public class SignIns {

    /** The longest range {@link #everyDay} and {@link #anyDay} accept: a year of bitmaps in one BITOP. */
    public static final int MAX_DAYS = 366;

    private final RedisClient redis;
    private final long maxUserId;

    /**
     * @param maxUserId the highest user id this tracker accepts. A bitmap is as long as its highest set bit: one
     *                  user id of 4 000 000 000 makes a 500 MB string, however few users there are.
     * @throws IllegalArgumentException if maxUserId is negative or beyond Redis's last bit offset (2^32 - 1)
     */
    public SignIns(RedisClient redis, long maxUserId) {
        // TODO Task 1: refuse a maxUserId below 0 or above 2^32 - 1
        this.redis = redis;
        this.maxUserId = maxUserId;
    }

    /** Records that {@code userId} signed in on {@code day}. */
    public void record(long userId, LocalDate day) {
        // TODO Task 1: refuse ids outside [0, maxUserId], then SETBIT the day's key (CountingKeys.signIns)
        throw new UnsupportedOperationException(
                "TODO Task 1: record a sign-in with SETBIT (docs/14-bitmaps-hyperloglog-geo.md, Task 1)");
    }

    /** Whether {@code userId} signed in on {@code day}. */
    public boolean signedIn(long userId, LocalDate day) {
        // TODO Task 1: GETBIT
        throw new UnsupportedOperationException(
                "TODO Task 1: read one sign-in with GETBIT (docs/14-bitmaps-hyperloglog-geo.md, Task 1)");
    }

    /** How many users signed in on {@code day}. */
    public long count(LocalDate day) {
        // TODO Task 1: BITCOUNT
        throw new UnsupportedOperationException(
                "TODO Task 1: count a day's sign-ins with BITCOUNT (docs/14-bitmaps-hyperloglog-geo.md, Task 1)");
    }

    /** The lowest user id that signed in on {@code day}, or empty when nobody did. */
    public OptionalLong firstSignIn(LocalDate day) {
        // TODO Task 1: BITPOS key 1; mind what it answers when no bit is set
        throw new UnsupportedOperationException(
                "TODO Task 1: find the first sign-in with BITPOS (docs/14-bitmaps-hyperloglog-geo.md, Task 1)");
    }

    /** How many users signed in on every day from {@code first} to {@code last}, both included. */
    public long everyDay(LocalDate first, LocalDate last) {
        // TODO Task 1: BITOP AND into a scratch key, BITCOUNT it and DEL it, in one MULTI/EXEC
        throw new UnsupportedOperationException(
                "TODO Task 1: combine days with BITOP AND (docs/14-bitmaps-hyperloglog-geo.md, Task 1)");
    }

    /** How many users signed in on at least one day from {@code first} to {@code last}, both included. */
    public long anyDay(LocalDate first, LocalDate last) {
        // TODO Task 1: the same with BITOP OR
        throw new UnsupportedOperationException(
                "TODO Task 1: combine days with BITOP OR (docs/14-bitmaps-hyperloglog-geo.md, Task 1)");
    }
}

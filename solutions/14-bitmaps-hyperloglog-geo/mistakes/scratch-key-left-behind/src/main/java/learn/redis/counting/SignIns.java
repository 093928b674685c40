package learn.redis.counting;

import java.time.LocalDate;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.args.BitOP;

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
        if (maxUserId < 0 || maxUserId > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("maxUserId must be within [0, 2^32 - 1], got " + maxUserId);
        }
        this.redis = redis;
        this.maxUserId = maxUserId;
    }

    /** Records that {@code userId} signed in on {@code day}. */
    // tag::record[]
    public void record(long userId, LocalDate day) {
        redis.setbit(CountingKeys.signIns(day), checked(userId), true);
    }
    // end::record[]

    /** Whether {@code userId} signed in on {@code day}. */
    public boolean signedIn(long userId, LocalDate day) {
        return redis.getbit(CountingKeys.signIns(day), checked(userId));
    }

    /** How many users signed in on {@code day}. */
    public long count(LocalDate day) {
        return redis.bitcount(CountingKeys.signIns(day));
    }

    /** The lowest user id that signed in on {@code day}, or empty when nobody did. */
    public OptionalLong firstSignIn(LocalDate day) {
        // BITPOS answers -1 when no bit is set, including for a missing key: a number that must not leak out.
        long position = redis.bitpos(CountingKeys.signIns(day), true);
        return position < 0 ? OptionalLong.empty() : OptionalLong.of(position);
    }

    /** How many users signed in on every day from {@code first} to {@code last}, both included. */
    public long everyDay(LocalDate first, LocalDate last) {
        return combine(BitOP.AND, first, last);
    }

    /** How many users signed in on at least one day from {@code first} to {@code last}, both included. */
    public long anyDay(LocalDate first, LocalDate last) {
        return combine(BitOP.OR, first, last);
    }

    // tag::combine[]
    private long combine(BitOP op, LocalDate first, LocalDate last) {
        List<String> days = first.datesUntil(checkedRange(first, last).plusDays(1)).map(CountingKeys::signIns)
                .toList();
        // BITOP needs somewhere to write. A key of its own per call, so two callers never share one, deleted in
        // the same MULTI/EXEC: the bitmaps never leave the server and the scratch key never outlives the call.
        String scratch = "signins:scratch:" + UUID.randomUUID();
        try (AbstractTransaction tx = redis.multi()) {
            tx.bitop(op, scratch, days.toArray(String[]::new));
            Response<Long> count = tx.bitcount(scratch);
            tx.exec();
            return count.get();
        }
    }
    // end::combine[]

    private long checked(long userId) {
        if (userId < 0 || userId > maxUserId) {
            throw new IllegalArgumentException("userId must be within [0, " + maxUserId + "], got " + userId
                    + ": a bitmap is as long as its highest bit, so map sparse ids to dense ones first");
        }
        return userId;
    }

    private static LocalDate checkedRange(LocalDate first, LocalDate last) {
        if (first.isAfter(last)) {
            throw new IllegalArgumentException("first day " + first + " is after last day " + last);
        }
        if (first.plusDays(MAX_DAYS).isBefore(last.plusDays(1))) {
            throw new IllegalArgumentException("at most " + MAX_DAYS + " days at once, got " + first + " to " + last);
        }
        return last;
    }
}

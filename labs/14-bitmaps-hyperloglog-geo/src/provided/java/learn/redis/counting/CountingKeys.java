package learn.redis.counting;

import java.time.LocalDate;

/**
 * The key names of this lab, in one place so the code and the tests agree on them. Ids that come from callers are
 * checked, not trusted: a blank page name would make a key like {@code uv::2026-11-30}.
 */
public final class CountingKeys {

    private CountingKeys() {
    }

    /** The sign-in bitmap of one (UTC) day: bit {@code n} is user {@code n}. */
    public static String signIns(LocalDate day) {
        return "signins:" + day;
    }

    /** The HyperLogLog of one page's visitors on one day. */
    public static String visitors(String page, LocalDate day) {
        return "uv:" + id(page, "page") + ":" + day;
    }

    /** The HyperLogLog of one page's visitors in the seven days from {@code firstDay}. */
    public static String weeklyVisitors(String page, LocalDate firstDay) {
        return "uv:" + id(page, "page") + ":week-of:" + firstDay;
    }

    /** The geo set (a sorted set under the hood) of every store. */
    public static String stores() {
        return "stores";
    }

    /** A counter that every store move increments; cached "nearby" answers carry it in their key. */
    public static String nearbyGeneration() {
        return "nearby:generation";
    }

    /** The cached "nearby" answer for one geohash cell, as of one generation of store positions. */
    public static String nearbyAnswer(long generation, GeoCell cell) {
        return "nearby:g" + generation + ":" + cell.geohash();
    }

    /** A store's id as a member of the geo set: not blank, and no comma (cached answers are comma-separated). */
    public static String storeId(String id) {
        if (id(id, "store id").contains(",")) {
            throw new IllegalArgumentException("store id must not contain a comma, got '" + id + "'");
        }
        return id;
    }

    /** Rejects ids that would make a confusing key or none at all. */
    public static String id(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be null or blank, got '" + value + "'");
        }
        return value;
    }
}

package learn.redis.sets;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The key names of this lab, in one place so the code and the tests agree on them. A key says what it holds and
 * whose it is ({@code article:42:tags}); the ids inside come from callers, so they are checked, not trusted.
 */
public final class SetKeys {

    private SetKeys() {
    }

    /** The tags of one article. */
    public static String articleTags(String articleId) {
        return "article:" + id(articleId, "article id") + ":tags";
    }

    /** The articles that carry one tag. */
    public static String taggedArticles(String tag) {
        return "tag:" + id(tag, "tag") + ":articles";
    }

    /** Whom a user follows. */
    public static String following(String userId) {
        return "user:" + id(userId, "user id") + ":following";
    }

    /** Who follows a user. */
    public static String followers(String userId) {
        return "user:" + id(userId, "user id") + ":followers";
    }

    /** The cached "people you may know" of a user. */
    public static String suggestions(String userId) {
        return "user:" + id(userId, "user id") + ":suggestions";
    }

    /** The users seen on one (UTC) day. */
    public static String visitorsOn(LocalDate day) {
        return "visitors:" + day;
    }

    /** The users seen during the minute that contains {@code instant}, e.g. {@code online:31557600} (epoch minutes). */
    public static String onlineDuring(Instant instant) {
        return "online:" + Math.floorDiv(instant.getEpochSecond(), 60);
    }

    /** The entrants of one prize draw. */
    public static String drawEntrants(String drawId) {
        return "draw:" + id(drawId, "draw id") + ":entrants";
    }

    /** Rejects ids that would make a confusing key ({@code article::tags}) or none at all. */
    static String id(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be null or blank, got '" + value + "'");
        }
        return value;
    }
}

package learn.redis.sets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.RedisClient;

/**
 * Tags on articles, kept in both directions: each article's set of tags ({@link SetKeys#articleTags}) and each
 * tag's set of articles ({@link SetKeys#taggedArticles}). A set stores a member once, so tagging twice is harmless.
 */
public class ArticleTags {

    private final RedisClient redis;

    public ArticleTags(RedisClient redis) {
        this.redis = redis;
    }

    /**
     * Adds tags to an article, in both directions.
     *
     * @throws IllegalArgumentException if no tag is given or a tag is blank
     */
    // tag::tag[]
    public void tag(String articleId, String... tags) {
        requireTags(tags);
        // MULTI/EXEC: a reader never sees the article tagged "redis" while "redis" does not list the article.
        try (AbstractTransaction tx = redis.multi()) {
            for (String tag : tags) {
                tx.sadd(SetKeys.articleTags(articleId), tag);

                tx.sadd(SetKeys.taggedArticles(tag), articleId);
            }
            tx.exec();
        }
    }
    // end::tag[]

    /** Removes a tag from an article, in both directions. Redis deletes a set when its last member goes. */
    public void untag(String articleId, String tag) {
        requireTags(tag);
        try (AbstractTransaction tx = redis.multi()) {
            tx.srem(SetKeys.articleTags(articleId), tag);
            tx.srem(SetKeys.taggedArticles(tag), articleId);
            tx.exec();
        }
    }

    /** The article's tags; empty for an article without tags. */
    public Set<String> tagsOf(String articleId) {
        return redis.smembers(SetKeys.articleTags(articleId));
    }

    /** The articles carrying a tag; empty for an unknown tag. */
    public Set<String> articlesTagged(String tag) {
        return redis.smembers(SetKeys.taggedArticles(tag));
    }

    /** How many tags the article has. */
    public long tagCount(String articleId) {
        // SCARD is O(1): Redis keeps the size, so never fetch the members just to count them.
        return redis.scard(SetKeys.articleTags(articleId));
    }

    /** Whether the article has this one tag. */
    public boolean hasTag(String articleId, String tag) {
        // SISMEMBER asks the server, which answers in O(1); SMEMBERS would ship the whole set to test one member.
        return redis.sismember(SetKeys.articleTags(articleId), tag);
    }

    /** For each of the given tags, in order, whether the article has it. */
    public Map<String, Boolean> hasTags(String articleId, String... tags) {
        requireTags(tags);
        // SMISMEMBER (Redis 6.2): every answer in one round trip instead of one SISMEMBER per tag.
        List<Boolean> answers = redis.smismember(SetKeys.articleTags(articleId), tags);
        Map<String, Boolean> result = new LinkedHashMap<>();
        for (int i = 0; i < tags.length; i++) {
            result.put(tags[i], answers.get(i));
        }
        return result;
    }

    private static void requireTags(String... tags) {
        if (tags == null || tags.length == 0) {
            throw new IllegalArgumentException("give at least one tag (SADD/SREM need at least one member)");
        }
        for (String tag : tags) {
            SetKeys.id(tag, "tag");
        }
    }
}

package learn.redis.sets;

import java.util.Map;
import java.util.Set;
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
    public void tag(String articleId, String... tags) {
        // TODO Task 1: check the tags, then SADD them to the article's set and the article to each tag's set
        throw new UnsupportedOperationException(
                "TODO Task 1: tag an article in both directions (docs/04-sets.md, Task 1)");
    }

    /** Removes a tag from an article, in both directions. Redis deletes a set when its last member goes. */
    public void untag(String articleId, String tag) {
        // TODO Task 1: SREM in both directions
        throw new UnsupportedOperationException(
                "TODO Task 1: untag an article in both directions (docs/04-sets.md, Task 1)");
    }

    /** The article's tags; empty for an article without tags. */
    public Set<String> tagsOf(String articleId) {
        // TODO Task 1: read the article's set
        throw new UnsupportedOperationException("TODO Task 1: read an article's tags (docs/04-sets.md, Task 1)");
    }

    /** The articles carrying a tag; empty for an unknown tag. */
    public Set<String> articlesTagged(String tag) {
        // TODO Task 1: read the tag's set
        throw new UnsupportedOperationException("TODO Task 1: read a tag's articles (docs/04-sets.md, Task 1)");
    }

    /** How many tags the article has. */
    public long tagCount(String articleId) {
        // TODO Task 1: count on the server
        throw new UnsupportedOperationException("TODO Task 1: count an article's tags (docs/04-sets.md, Task 1)");
    }

    /** Whether the article has this one tag. */
    public boolean hasTag(String articleId, String tag) {
        // TODO Task 1: ask the server about one member
        throw new UnsupportedOperationException("TODO Task 1: test one tag with SISMEMBER (docs/04-sets.md, Task 1)");
    }

    /** For each of the given tags, in order, whether the article has it. */
    public Map<String, Boolean> hasTags(String articleId, String... tags) {
        // TODO Task 1: ask the server about every tag in one command
        throw new UnsupportedOperationException(
                "TODO Task 1: test many tags with SMISMEMBER (docs/04-sets.md, Task 1)");
    }
}

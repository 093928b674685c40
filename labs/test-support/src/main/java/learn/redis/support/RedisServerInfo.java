package learn.redis.support;

import java.net.URI;

/**
 * The server a run talks to.
 *
 * @param source  where it came from, e.g. "embedded binary" or "REDIS_URL"
 * @param uri     how to connect, e.g. {@code redis://127.0.0.1:53122/0} (may hold a password: print {@link #masked()})
 * @param version the version the server reports
 */
public record RedisServerInfo(String source, URI uri, RedisVersion version) {

    public String host() {
        return uri.getHost();
    }

    public int port() {
        return uri.getPort();
    }

    /** The URI with any password replaced by {@code ****}, safe for logs and failure messages. */
    public String masked() {
        return mask(uri.toString());
    }

    /** One line for the run's output, e.g. "Redis 6.2.6 (embedded binary) on 127.0.0.1:53122". */
    public String describe() {
        return "Redis " + version + " (" + source + ") on " + host() + ":" + port();
    }

    static String mask(String uri) {
        // redis://user:secret@host or redis://:secret@host: keep the user, hide what follows the colon.
        return uri.replaceFirst("^([a-z]+://[^:/@]*):[^@/]*@", "$1:****@");
    }
}

package learn.redis.locks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Lua script that Redis runs atomically: nothing else runs on the server between its commands.
 *
 * <p>{@link #run} sends only the script's SHA1 ({@code EVALSHA}); when the server does not know the script (first
 * use, or after a restart, a failover or {@code SCRIPT FLUSH}) it answers {@code NOSCRIPT} and the script is sent
 * once in full ({@code EVAL}), which also caches it on the server for the next call.
 */
public final class LuaScript {

    private final String source;
    private final String sha;

    public LuaScript(String source) {
        this.source = source;
        this.sha = sha1(source);
    }

    /** Runs the script with {@code KEYS} and {@code ARGV} and returns its reply (Long, String, List or null). */
    public Object run(UnifiedJedis redis, List<String> keys, List<String> args) {
        try {
            return redis.evalsha(sha, keys, args);
        } catch (JedisNoScriptException notCachedYet) {
            return redis.eval(source, keys, args);
        }
    }

    private static String sha1(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}

package learn.redis.nearcache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushListener;
import io.lettuce.core.api.push.PushMessage;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A two-level cache: a local Caffeine level in front of Redis, kept coherent by Redis itself (client tracking).
 * Reads go to the local level, then to Redis; writes go to Redis and drop the local copy. With tracking on, Redis
 * pushes an {@code invalidate} message on this instance's connection whenever a key it read (default mode), or any
 * key under its prefixes (broadcast mode), changes.
 */
public final class NearCache implements AutoCloseable {

    private final NearCacheSettings settings;
    private final Cache<String, String> local;
    private final StatefulRedisConnection<String, String> connection;
    private final PushListener pushListener = this::onPush;
    private final RedisConnectionStateListener connectionListener = new RedisConnectionStateListener() {
        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> channel) {
            onDisconnected();
        }

        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> channel, SocketAddress address) {
            // Added after the first connect, so this runs for Lettuce's automatic reconnects only.
            onReconnected();
        }
    };
    private final AtomicLong invalidations = new AtomicLong();
    private volatile Runnable afterRedisRead = () -> { };
    // Task 4 adds what a read in flight needs to notice an invalidation (see the chapter).

    public NearCache(RedisClient client, NearCacheSettings settings, Ticker ticker) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.local = LocalLevel.newCache(settings.maxEntries(), settings.ttl(), ticker);
        this.connection = client.connect();
        if (settings.tracking() != NearCacheSettings.Tracking.NONE) {
            startTracking();
        }
    }

    /** The value of {@code key}: from the local level if it holds it, else from Redis (and kept locally). */
    public Optional<String> get(String key) {
        // TODO Task 2: the local level first; on a miss GET from Redis (connection.sync()), run afterRedisRead,
        //  then keep a value Redis had in the local level. Task 4 guards that store.
        throw new UnsupportedOperationException("TODO Task 2: implement NearCache.get (docs/13-near-cache.md, Task 2)");
    }

    /** Stores {@code value} under {@code key} in Redis and drops this instance's local copy. */
    public void set(String key, String value) {
        // TODO Task 2: SET in Redis, then drop (do not update) the local copy.
        throw new UnsupportedOperationException("TODO Task 2: implement NearCache.set (docs/13-near-cache.md, Task 2)");
    }

    /** Whether the local level holds {@code key} right now (no statistics, no Redis). */
    public boolean isCachedLocally(String key) {
        return local.asMap().containsKey(key);
    }

    /** Hits, misses and evictions of the local level. */
    public CacheStats localStats() {
        return local.stats();
    }

    /** How many invalidation messages Redis has pushed to this instance. */
    public long invalidationsReceived() {
        return invalidations.get();
    }

    /** Test hook: runs in {@link #get} between the Redis read and the local store. */
    void afterRedisRead(Runnable hook) {
        this.afterRedisRead = Objects.requireNonNull(hook, "hook");
    }

    private void startTracking() {
        // TODO Task 3: listen for push messages (pushListener), then send CLIENT TRACKING on this connection
        //  (trackingArgs()). Task 4 also listens for lost and regained connections (connectionListener).
        throw new UnsupportedOperationException(
                "TODO Task 3: implement NearCache.startTracking (docs/13-near-cache.md, Task 3)");
    }

    private TrackingArgs trackingArgs() {
        // TODO Task 5: BCAST with the settings' prefixes, and NOLOOP, when the settings ask for them.
        if (settings.tracking() == NearCacheSettings.Tracking.BCAST || settings.noloop()) {
            throw new UnsupportedOperationException(
                    "TODO Task 5: BCAST, PREFIX and NOLOOP in NearCache.trackingArgs (docs/13-near-cache.md, Task 5)");
        }
        return TrackingArgs.Builder.enabled();
    }

    private void onPush(PushMessage message) {
        // TODO Task 3: on an "invalidate" message, count it and drop the keys it names from the local level (all of
        //  them when the key list is null).
        throw new UnsupportedOperationException(
                "TODO Task 3: implement NearCache.onPush (docs/13-near-cache.md, Task 3)");
    }

    private void onDisconnected() {
        // TODO Task 4: nothing local can be trusted once the connection is gone.
        throw new UnsupportedOperationException(
                "TODO Task 4: implement NearCache.onDisconnected (docs/13-near-cache.md, Task 4)");
    }

    private void onReconnected() {
        // TODO Task 4: the new connection has no tracking: turn it on again, without blocking this thread.
        throw new UnsupportedOperationException(
                "TODO Task 4: implement NearCache.onReconnected (docs/13-near-cache.md, Task 4)");
    }

    @Override
    public void close() {
        connection.removeListener(pushListener);
        connection.removeListener(connectionListener);
        connection.close();
    }
}

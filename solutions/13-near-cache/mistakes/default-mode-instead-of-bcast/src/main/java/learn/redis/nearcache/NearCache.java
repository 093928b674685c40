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
import io.lettuce.core.codec.StringCodec;
import java.net.SocketAddress;
import java.util.List;
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

    /** Guards {@link #epoch} and {@link #coherent}, and every store into {@link #local} after a Redis read. */
    private final Object lock = new Object();
    /** Goes up with every invalidation, own write and lost connection: a read that saw it change stores nothing. */
    private long epoch;
    /** Whether Redis will tell us about changes from now on, so that what we read may be kept. */
    private boolean coherent;

    public NearCache(RedisClient client, NearCacheSettings settings, Ticker ticker) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.local = LocalLevel.newCache(settings.maxEntries(), settings.ttl(), ticker);
        this.connection = client.connect();
        if (settings.tracking() == NearCacheSettings.Tracking.NONE) {
            coherent = true; // nobody will tell us anything; the TTL alone limits staleness
        } else {
            startTracking();
        }
    }

    /** The value of {@code key}: from the local level if it holds it, else from Redis (and kept locally). */
    // tag::get[]
    public Optional<String> get(String key) {
        String cached = local.getIfPresent(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        long seen;
        synchronized (lock) {
            seen = epoch;
        }
        String value = connection.sync().get(key);
        afterRedisRead.run();
        if (value != null) {
            synchronized (lock) {
                // An invalidation (or a lost connection) since our GET means the value may be old already, and
                // the message that said so has come and gone: keeping the value would keep it until the TTL.
                if (coherent && epoch == seen) {
                    local.put(key, value);
                }
            }
        }
        return Optional.ofNullable(value);
    }
    // end::get[]

    /** Stores {@code value} under {@code key} in Redis and drops this instance's local copy. */
    // tag::set[]
    public void set(String key, String value) {
        connection.sync().set(key, value);
        synchronized (lock) {
            // Drop, never store: Redis stopped tracking this key for us when we wrote it (it removes a key from
            // the tracking table when it invalidates it), so a copy kept now would never hear of the next write.
            epoch++;
            local.invalidate(key);
        }
    }
    // end::set[]

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

    // tag::start-tracking[]
    private void startTracking() {
        // Listen first: an invalidation can arrive as soon as tracking is on.
        connection.addListener(pushListener);
        connection.addListener(connectionListener);
        // On the connection that reads: in default mode Redis tracks the keys this very connection reads, and
        // with RESP3 it pushes the invalidations on it too (no second connection, no REDIRECT).
        connection.sync().clientTracking(trackingArgs());
        synchronized (lock) {
            coherent = true;
        }
    }
    // end::start-tracking[]

    // tag::tracking-args[]
    private TrackingArgs trackingArgs() {
        TrackingArgs args = TrackingArgs.Builder.enabled();
        if (settings.tracking() == NearCacheSettings.Tracking.BCAST) {
        }
        if (settings.noloop()) {
            args.noloop();
        }
        return args;
    }
    // end::tracking-args[]

    // tag::on-push[]
    private void onPush(PushMessage message) {
        if (!"invalidate".equals(message.getType())) {
            return;
        }
        List<Object> content = message.getContent(StringCodec.UTF8::decodeKey);
        synchronized (lock) {
            // Count and bump the epoch before dropping: a read in flight must see that something changed.
            invalidations.incrementAndGet();
            epoch++;
            if (content.get(1) instanceof List<?> keys) {
                keys.forEach(key -> local.invalidate((String) key));
            } else {
                // A null key list: FLUSHDB or FLUSHALL emptied the server. Drop everything.
                local.invalidateAll();
            }
        }
    }
    // end::on-push[]

    // tag::reconnect[]
    private void onDisconnected() {
        synchronized (lock) {
            // Invalidations sent while we are gone are lost, and the server forgets our tracking with the
            // connection: nothing we hold can be trusted, and nothing read now may be kept until tracking is back.
            coherent = false;
            epoch++;
            local.invalidateAll();
        }
    }

    private void onReconnected() {
        // Lettuce reconnected by itself, but without CLIENT TRACKING: turn it on again. This runs on Lettuce's
        // event loop, which also delivers the reply, so wait for it asynchronously, never with sync().
        connection.async().clientTracking(trackingArgs()).thenRun(() -> {
            synchronized (lock) {
                // From here on the server reports changes again; nothing from before this point may stay.
                epoch++;
                local.invalidateAll();
                coherent = true;
            }
        });
    }
    // end::reconnect[]

    @Override
    public void close() {
        connection.removeListener(pushListener);
        connection.removeListener(connectionListener);
        connection.close();
    }
}

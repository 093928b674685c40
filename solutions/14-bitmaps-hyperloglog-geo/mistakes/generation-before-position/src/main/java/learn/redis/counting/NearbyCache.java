package learn.redis.counting;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.RedisClient;

/**
 * Caches "stores near here" per coarse geohash cell: every user in a cell of about 5 km gets the answer computed
 * once for the cell's centre. The answers carry a generation in their key; moving a store starts a new generation,
 * so no answer computed before the move is served after it.
 */
public class NearbyCache {

    private final RedisClient redis;
    private final StoreLocator locator;
    private final Duration ttl;
    private final double radiusKm;
    private final int limit;

    /**
     * @param ttl      how long an answer is kept; anything from a millisecond up
     * @param radiusKm how far from a cell's centre to look
     * @param limit    how many stores an answer holds at most
     * @throws IllegalArgumentException if ttl is under a millisecond, or radiusKm or limit not positive
     */
    public NearbyCache(RedisClient redis, StoreLocator locator, Duration ttl, double radiusKm, int limit) {
        if (ttl == null || ttl.toMillis() < 1) {
            throw new IllegalArgumentException("ttl must be at least 1 ms, got " + ttl);
        }
        if (!(radiusKm > 0) || limit < 1) {
            throw new IllegalArgumentException("radiusKm and limit must be positive, got " + radiusKm + ", " + limit);
        }
        this.redis = redis;
        this.locator = locator;
        this.ttl = ttl;
        this.radiusKm = radiusKm;
        this.limit = limit;
    }

    /** The ids of the stores near the point's cell, nearest to the cell's centre first. */
    // tag::nearby[]
    public List<String> nearby(double longitude, double latitude) {
        GeoCell cell = GeoCell.of(longitude, latitude);
        String generation = redis.get(CountingKeys.nearbyGeneration());
        String key = CountingKeys.nearbyAnswer(generation == null ? 0 : Long.parseLong(generation), cell);
        String cached = redis.get(key);
        if (cached != null) {
            // "" is a cached empty answer: a cell with no store nearby is asked about as often as any other.
            return cached.isEmpty() ? List.of() : Arrays.asList(cached.split(","));
        }
        List<String> ids = locator.nearest(cell.centreLongitude(), cell.centreLatitude(), radiusKm, limit).stream()
                .map(NearbyStore::id).toList();
        redis.psetex(key, ttl.toMillis(), String.join(",", ids));
        return ids;
    }
    // end::nearby[]

    /** Moves (or adds) a store, so that no answer cached before the move is served after it. */
    // tag::move[]
    public void move(String storeId, double longitude, double latitude) {
        Coordinates.check(longitude, latitude);
        // The move and the new generation in one MULTI/EXEC. With INCR first and GEOADD second, a reader between
        // the two would compute an answer from the old position and cache it under the new generation, for good.
        redis.incr(CountingKeys.nearbyGeneration());
        redis.geoadd(CountingKeys.stores(), longitude, latitude, CountingKeys.storeId(storeId));
    }
    // end::move[]
}

package learn.redis.counting;

import java.time.Duration;
import java.util.List;
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
        // TODO Task 4: refuse a ttl under 1 ms, a radius or limit that is not positive
        this.redis = redis;
        this.locator = locator;
        this.ttl = ttl;
        this.radiusKm = radiusKm;
        this.limit = limit;
    }

    /** The ids of the stores near the point's cell, nearest to the cell's centre first. */
    public List<String> nearby(double longitude, double latitude) {
        // TODO Task 4: GeoCell.of the point; read the generation; GET CountingKeys.nearbyAnswer(generation, cell);
        //  on a miss ask the locator about the cell's centre and cache the ids (empty answers too) with the TTL
        throw new UnsupportedOperationException(
                "TODO Task 4: serve nearby stores from the cell's cache (docs/14-bitmaps-hyperloglog-geo.md, Task 4)");
    }

    /** Moves (or adds) a store, so that no answer cached before the move is served after it. */
    public void move(String storeId, double longitude, double latitude) {
        // TODO Task 4: GEOADD the new position and INCR CountingKeys.nearbyGeneration() in one MULTI/EXEC
        throw new UnsupportedOperationException(
                "TODO Task 4: move a store and start a new generation (docs/14-bitmaps-hyperloglog-geo.md, Task 4)");
    }
}

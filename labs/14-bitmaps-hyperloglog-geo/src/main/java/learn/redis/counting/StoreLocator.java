package learn.redis.counting;

import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import redis.clients.jedis.RedisClient;

/** Stores on a map: a geo set answers "which stores are near here?" on the server, nearest first. */
public class StoreLocator {

    private final RedisClient redis;

    public StoreLocator(RedisClient redis) {
        this.redis = redis;
    }

    /** Adds a store, or moves it if it exists. */
    public void put(String storeId, double longitude, double latitude) {
        // TODO Task 3: check the coordinates (Coordinates.check), then GEOADD to CountingKeys.stores()
        throw new UnsupportedOperationException(
                "TODO Task 3: add a store with GEOADD (docs/14-bitmaps-hyperloglog-geo.md, Task 3)");
    }

    /**
     * At most {@code limit} stores within {@code radiusKm} of the point, nearest first, with their distance.
     */
    public List<NearbyStore> nearest(double longitude, double latitude, double radiusKm, int limit) {
        // TODO Task 3: GEOSEARCH FROMLONLAT BYRADIUS ... KM ASC COUNT limit WITHDIST; refuse a radius <= 0, limit < 1
        throw new UnsupportedOperationException(
                "TODO Task 3: find the nearest stores with GEOSEARCH (docs/14-bitmaps-hyperloglog-geo.md, Task 3)");
    }

    /** Every store in the box of {@code widthKm} by {@code heightKm} centred on the point. */
    public Set<String> inBox(double longitude, double latitude, double widthKm, double heightKm) {
        // TODO Task 3: GEOSEARCH FROMLONLAT BYBOX
        throw new UnsupportedOperationException(
                "TODO Task 3: search a box with GEOSEARCH (docs/14-bitmaps-hyperloglog-geo.md, Task 3)");
    }

    /** The distance between two stores in kilometres, or empty if either is unknown. */
    public OptionalDouble distanceKm(String storeA, String storeB) {
        // TODO Task 3: GEODIST ... KM
        throw new UnsupportedOperationException(
                "TODO Task 3: measure with GEODIST (docs/14-bitmaps-hyperloglog-geo.md, Task 3)");
    }
}

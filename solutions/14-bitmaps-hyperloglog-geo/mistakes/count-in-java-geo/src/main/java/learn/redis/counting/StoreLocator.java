package learn.redis.counting;

import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.args.GeoUnit;
import redis.clients.jedis.params.GeoSearchParam;
import redis.clients.jedis.resps.GeoRadiusResponse;

/** Stores on a map: a geo set answers "which stores are near here?" on the server, nearest first. */
public class StoreLocator {

    private final RedisClient redis;

    public StoreLocator(RedisClient redis) {
        this.redis = redis;
    }

    /** Adds a store, or moves it if it exists. */
    public void put(String storeId, double longitude, double latitude) {
        Coordinates.check(longitude, latitude);
        redis.geoadd(CountingKeys.stores(), longitude, latitude, CountingKeys.storeId(storeId));
    }

    /**
     * At most {@code limit} stores within {@code radiusKm} of the point, nearest first, with their distance.
     */
    // tag::nearest[]
    public List<NearbyStore> nearest(double longitude, double latitude, double radiusKm, int limit) {
        Coordinates.check(longitude, latitude);
        checkPositive(radiusKm, "radiusKm");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        // ASC with COUNT: the server sorts by distance and sends only the nearest `limit`. ANY would stop at the
        // first `limit` matches it happens to find, which are near but not the nearest.
        List<GeoRadiusResponse> found = redis.geosearch(CountingKeys.stores(), GeoSearchParam.geoSearchParam()
                .fromLonLat(longitude, latitude).byRadius(radiusKm, GeoUnit.KM).withDist());
        return found.stream().sorted(java.util.Comparator.comparingDouble(GeoRadiusResponse::getDistance)).limit(limit)
                .map(r -> new NearbyStore(r.getMemberByString(), r.getDistance())).toList();
    }
    // end::nearest[]

    /** Every store in the box of {@code widthKm} by {@code heightKm} centred on the point. */
    public Set<String> inBox(double longitude, double latitude, double widthKm, double heightKm) {
        Coordinates.check(longitude, latitude);
        checkPositive(widthKm, "widthKm");
        checkPositive(heightKm, "heightKm");
        return redis.geosearch(CountingKeys.stores(), GeoSearchParam.geoSearchParam()
                        .fromLonLat(longitude, latitude).byBox(widthKm, heightKm, GeoUnit.KM))
                .stream().map(GeoRadiusResponse::getMemberByString).collect(Collectors.toSet());
    }

    /** The distance between two stores in kilometres, or empty if either is unknown. */
    public OptionalDouble distanceKm(String storeA, String storeB) {
        // GEODIST answers nil, not an error, when a member is missing.
        Double km = redis.geodist(CountingKeys.stores(), CountingKeys.storeId(storeA),
                CountingKeys.storeId(storeB), GeoUnit.KM);
        return km == null ? OptionalDouble.empty() : OptionalDouble.of(km);
    }

    private static void checkPositive(double value, String what) {
        // NaN fails this test too: !(NaN > 0).
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + " must be a positive number of kilometres, got " + value);
        }
    }
}

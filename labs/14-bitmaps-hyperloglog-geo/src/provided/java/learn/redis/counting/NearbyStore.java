package learn.redis.counting;

/** A store found near a point, and how far from it, in kilometres. */
public record NearbyStore(String id, double distanceKm) {
}

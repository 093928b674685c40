package learn.redis.counting;

/** The coordinates Redis accepts: a geo set stores points as 52-bit geohashes of this area (EPSG:3857's limits). */
public final class Coordinates {

    public static final double MAX_LATITUDE = 85.05112878;

    private Coordinates() {
    }

    /** Refuses a point Redis would refuse ({@code ERR invalid longitude,latitude pair}), with the reason. */
    public static void check(double longitude, double latitude) {
        if (!(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("longitude must be within [-180, 180], got " + longitude
                    + " (did you swap longitude and latitude? Redis takes longitude first)");
        }
        if (!(latitude >= -MAX_LATITUDE && latitude <= MAX_LATITUDE)) {
            throw new IllegalArgumentException("latitude must be within [-" + MAX_LATITUDE + ", " + MAX_LATITUDE
                    + "], got " + latitude + " (Redis cannot index the poles)");
        }
    }
}

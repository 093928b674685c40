package learn.redis.counting;

/**
 * A coarse geohash cell: every point inside it shares the same {@link #geohash()}, so an answer computed once for
 * the cell's centre can be cached and served to every user in the cell. At {@link #PRECISION} 5 characters a cell
 * is about 4.9 km wide and 4.9 km high at the equator (narrower towards the poles).
 *
 * <p>This is the standard geohash (the one {@code GEOHASH} prints): longitude and latitude bits interleaved,
 * five bits per base-32 character.
 */
public record GeoCell(String geohash, double centreLongitude, double centreLatitude) {

    public static final int PRECISION = 5;

    private static final String BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz";

    /** The cell that contains the point. */
    public static GeoCell of(double longitude, double latitude) {
        Coordinates.check(longitude, latitude);
        double[] lon = {-180, 180};
        double[] lat = {-90, 90};
        StringBuilder hash = new StringBuilder(PRECISION);
        boolean lonBit = true;
        int bits = 0;
        int ch = 0;
        while (hash.length() < PRECISION) {
            double[] range = lonBit ? lon : lat;
            double value = lonBit ? longitude : latitude;
            double mid = (range[0] + range[1]) / 2;
            ch <<= 1;
            if (value >= mid) {
                ch |= 1;
                range[0] = mid;
            } else {
                range[1] = mid;
            }
            lonBit = !lonBit;
            if (++bits == 5) {
                hash.append(BASE32.charAt(ch));
                bits = 0;
                ch = 0;
            }
        }
        return new GeoCell(hash.toString(), (lon[0] + lon[1]) / 2, (lat[0] + lat[1]) / 2);
    }
}

package learn.redis.counting;

/** A product of the catalogue that the Bloom filter guards. */
public record Product(String id, String name) {
}

package learn.redis.counting;

import java.util.Optional;

/** The database behind the cache: every call is a query that a Bloom filter should spare it when it can. */
public interface ProductRepository {

    Optional<Product> find(String id);

    void save(Product product);
}

package learn.redis.cacheaside;

import java.util.Optional;

/** The system of record. The services of this lab put a cache in front of it; they never replace it. */
public interface ProductRepository {

    /** {@code SELECT ... WHERE id = ?}: the query the cache exists to avoid. */
    Optional<Product> findById(long id);

    /** Inserts a new row; fails if the id is taken. */
    void insert(Product product);

    /** Updates the row with the product's id; {@code false} if there is no such row. */
    boolean update(Product product);
}

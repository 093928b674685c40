package learn.redis.cacheaside;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** {@link ProductRepository} in plain JDBC: one statement per call, auto-commit. */
public final class JdbcProductRepository implements ProductRepository {

    private final DataSource dataSource;

    public JdbcProductRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Optional<Product> findById(long id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT id, name, price_cents FROM product WHERE id = ?")) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next()
                        ? Optional.of(new Product(row.getLong("id"), row.getString("name"), row.getLong("price_cents")))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read product " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void insert(Product product) {
        execute("INSERT INTO product (name, price_cents, id) VALUES (?, ?, ?)", product);
    }

    @Override
    public boolean update(Product product) {
        return execute("UPDATE product SET name = ?, price_cents = ? WHERE id = ?", product) == 1;
    }

    private int execute(String sql, Product product) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, product.name());
            statement.setLong(2, product.priceCents());
            statement.setLong(3, product.id());
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not write product " + product.id() + ": " + e.getMessage(), e);
        }
    }
}

-- Products 1 to 50. Ids above 50 do not exist: the lab looks them up to show cache penetration.
INSERT INTO product (id, name, price_cents) VALUES
    (1, 'Espresso cup', 1250),
    (2, 'Moka pot', 3490),
    (3, 'Milk jug', 1590);

INSERT INTO product (id, name, price_cents)
SELECT x, 'Product ' || x, x * 100 FROM SYSTEM_RANGE(4, 50);

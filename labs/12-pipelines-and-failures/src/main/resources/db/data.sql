INSERT INTO product (id, name, price_cents) VALUES
    (1, 'Espresso cup', 1250),
    (2, 'Moka pot', 3490),
    (3, 'Milk jug', 1890),
    (4, 'Hand grinder', 8900),
    (5, 'Tamper', 2450);

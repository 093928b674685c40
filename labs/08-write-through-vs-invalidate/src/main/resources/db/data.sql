INSERT INTO product (id, name, price_cents, version) VALUES
    (1, 'Espresso beans 1 kg', 100, 1),
    (2, 'Pour-over kettle', 200, 1),
    (3, 'Burr grinder', 300, 1),
    (4, 'Paper filters x100', 400, 1),
    (5, 'Milk jug 600 ml', 500, 1),
    (6, 'Tamper 58 mm', 600, 1),
    (7, 'Scale 0.1 g', 700, 1),
    (8, 'Cupping spoon', 800, 1),
    (9, 'Cold-brew bottle', 900, 1),
    (10, 'Descaler', 1000, 1);
-- Products 11 to 50, for the seeded workloads of Task 5: price 100 times the id, like the ones above.
INSERT INTO product (id, name, price_cents, version)
    SELECT x, 'Accessory ' || x, x * 100, 1 FROM SYSTEM_RANGE(11, 50);

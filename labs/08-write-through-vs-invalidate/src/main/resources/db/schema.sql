-- The system of record. The cache in front of it is a copy; this table decides what is true.
CREATE TABLE product (
    id          BIGINT       PRIMARY KEY,
    name        VARCHAR(100) NOT NULL,
    -- The database is the last judge of a write: a negative price is rejected here, not in Java.
    price_cents BIGINT       NOT NULL CONSTRAINT price_not_negative CHECK (price_cents >= 0),
    -- Raised by one on every committed change: the order of writes as the database saw it.
    version     BIGINT       NOT NULL
);

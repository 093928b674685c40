-- The system of record for lab 07. The cache in front of it may be wrong for a while; this table never is.
CREATE TABLE product (
    id          BIGINT       PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    price_cents BIGINT       NOT NULL CHECK (price_cents >= 0)
);

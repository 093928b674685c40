CREATE TABLE product (
    id          BIGINT PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    price_cents BIGINT NOT NULL,
    -- Page views that could not be counted in Redis while it was unreachable: the fallback keeps every one.
    views       BIGINT DEFAULT 0 NOT NULL
);

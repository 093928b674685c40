-- Task 4: the stock the change events are applied to, and how far each consumer group has applied the stream.
CREATE TABLE product_stock (
    id    BIGINT  PRIMARY KEY,
    stock INTEGER NOT NULL
);

CREATE TABLE stream_offset (
    consumer_group VARCHAR(200) PRIMARY KEY,
    last_id        VARCHAR(41)  NOT NULL
);

INSERT INTO product_stock (id, stock) VALUES (1, 100), (2, 100), (3, 100), (4, 100), (5, 100);

-- The resource a lock protects in Task 6: a file store that remembers the highest fence it has accepted.
CREATE TABLE files (
    name    VARCHAR(200)  PRIMARY KEY,
    content VARCHAR(4000) NOT NULL,
    fence   BIGINT        NOT NULL
);

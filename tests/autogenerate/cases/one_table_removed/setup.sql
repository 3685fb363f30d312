CREATE TABLE keep (id INTEGER NOT NULL, PRIMARY KEY (id));
CREATE TABLE legacy (id INTEGER NOT NULL, code VARCHAR(8) NOT NULL, keep_id INTEGER, price NUMERIC(10, 2), PRIMARY KEY (id), CONSTRAINT uq_legacy_code UNIQUE (code), FOREIGN KEY(keep_id) REFERENCES keep (id));
CREATE INDEX ix_legacy_price ON legacy (price);

CREATE TABLE accounts (id INTEGER NOT NULL, email VARCHAR(100), legacy_flag INTEGER, PRIMARY KEY (id));
CREATE INDEX ix_legacy_accounts_email ON accounts (email);
CREATE TABLE spatial_ref_sys (srid INTEGER PRIMARY KEY, auth_name VARCHAR(256));
CREATE TABLE tmp_import (id INTEGER PRIMARY KEY);
CREATE TABLE orders (id INTEGER NOT NULL, account_id INTEGER, total NUMERIC(10, 2), note TEXT, PRIMARY KEY (id), CONSTRAINT fk_keep FOREIGN KEY (account_id) REFERENCES spatial_ref_sys (srid));

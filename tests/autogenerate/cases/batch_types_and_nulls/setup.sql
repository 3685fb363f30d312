CREATE TABLE t (id INTEGER NOT NULL, name VARCHAR(40), qty INTEGER, old_col TEXT, PRIMARY KEY (id));
CREATE INDEX ix_t_old ON t (old_col);

CREATE TABLE users (id INTEGER NOT NULL, name VARCHAR(30), legacy TEXT, PRIMARY KEY (id));
CREATE TABLE old_stuff (id INTEGER PRIMARY KEY, v TEXT);
CREATE INDEX ix_old_v ON old_stuff (v);

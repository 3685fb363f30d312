CREATE TABLE team (id INTEGER NOT NULL, name VARCHAR NOT NULL, headquarters VARCHAR NOT NULL, PRIMARY KEY (id));
CREATE INDEX ix_team_name ON team (name);

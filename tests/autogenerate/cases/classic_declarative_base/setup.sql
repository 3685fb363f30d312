CREATE TABLE user (id INTEGER NOT NULL, username VARCHAR(64), PRIMARY KEY (id));
CREATE INDEX ix_user_username ON user (username);

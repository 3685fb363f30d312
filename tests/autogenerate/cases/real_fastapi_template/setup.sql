-- An earlier state: the template's 2024 table `user_account` (e55694c, app/models.py) still
-- there, `auth_user` without `updated_at`, `auth_refresh_token` with a shorter token, its
-- uniqueness a constraint rather than an index, and its foreign key without ON DELETE.
CREATE TABLE user_account (
	user_id CHAR(32) NOT NULL, 
	email VARCHAR(256) NOT NULL, 
	hashed_password VARCHAR(128) NOT NULL, 
	create_time DATETIME DEFAULT (CURRENT_TIMESTAMP), 
	update_time DATETIME DEFAULT (CURRENT_TIMESTAMP), 
	PRIMARY KEY (user_id)
);
CREATE UNIQUE INDEX ix_user_account_email ON user_account (email);
CREATE TABLE auth_user (
	user_id VARCHAR(36) NOT NULL, 
	email VARCHAR(256) NOT NULL, 
	hashed_password VARCHAR(128) NOT NULL, 
	created_at DATETIME DEFAULT (CURRENT_TIMESTAMP) NOT NULL, 
	PRIMARY KEY (user_id)
);
CREATE UNIQUE INDEX ix_auth_user_email ON auth_user (email);
CREATE TABLE auth_refresh_token (
	id BIGINT NOT NULL, 
	refresh_token VARCHAR(255) NOT NULL, 
	used BOOLEAN NOT NULL, 
	exp BIGINT NOT NULL, 
	user_id VARCHAR(36) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (refresh_token), 
	FOREIGN KEY(user_id) REFERENCES auth_user (user_id)
);

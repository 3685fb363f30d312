-- The tables of fastapi-users-db-sqlalchemy v2.0.4 (afecb6b3380d52cdc4b21743f45a64c065acd559:
-- fastapi_users_db_sqlalchemy/__init__.py, access_token.py, guid.py, and the User/OAuthAccount of its
-- tests/test_users.py), as SQLAlchemy's create_all writes them on SQLite.
CREATE TABLE user (
	first_name VARCHAR, 
	id CHAR(36) NOT NULL, 
	email VARCHAR(320) NOT NULL, 
	hashed_password VARCHAR(72) NOT NULL, 
	is_active BOOLEAN NOT NULL, 
	is_superuser BOOLEAN NOT NULL, 
	is_verified BOOLEAN NOT NULL, 
	PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ix_user_email ON user (email);
CREATE TABLE oauth_account (
	id CHAR(36) NOT NULL, 
	oauth_name VARCHAR(100) NOT NULL, 
	access_token VARCHAR(1024) NOT NULL, 
	expires_at INTEGER, 
	refresh_token VARCHAR(1024), 
	account_id VARCHAR(320) NOT NULL, 
	account_email VARCHAR(320) NOT NULL, 
	user_id CHAR(36) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES user (id) ON DELETE cascade
);
CREATE INDEX ix_oauth_account_account_id ON oauth_account (account_id);
CREATE INDEX ix_oauth_account_oauth_name ON oauth_account (oauth_name);
CREATE TABLE accesstoken (
	token VARCHAR(43) NOT NULL, 
	created_at DATETIME NOT NULL, 
	user_id CHAR(36) NOT NULL, 
	PRIMARY KEY (token), 
	FOREIGN KEY(user_id) REFERENCES user (id) ON DELETE cascade
);
CREATE INDEX ix_accesstoken_created_at ON accesstoken (created_at);

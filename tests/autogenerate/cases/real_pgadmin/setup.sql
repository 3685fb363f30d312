-- The configuration database of pgAdmin 4 v7.0 (6ab102fcbcdd8e1e12ce0aafa86d24a39f3b824b,
-- web/pgadmin/model/__init__.py, SCHEMA_VERSION 35), as SQLAlchemy's create_all writes it on SQLite
-- (its alembic_version and version rows left out).
CREATE TABLE version (
	name VARCHAR(32) NOT NULL, 
	value INTEGER NOT NULL, 
	PRIMARY KEY (name)
);
CREATE TABLE role (
	id INTEGER NOT NULL, 
	name VARCHAR(128) NOT NULL, 
	description VARCHAR(256) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
CREATE TABLE user (
	id INTEGER NOT NULL, 
	email VARCHAR(256), 
	username VARCHAR(64) NOT NULL, 
	password VARCHAR, 
	active BOOLEAN NOT NULL, 
	confirmed_at DATETIME, 
	masterpass_check VARCHAR, 
	auth_source VARCHAR(16) NOT NULL, 
	fs_uniquifier VARCHAR(255) NOT NULL, 
	login_attempts INTEGER, 
	locked BOOLEAN, 
	PRIMARY KEY (id), 
	UNIQUE (username), 
	UNIQUE (auth_source), 
	UNIQUE (fs_uniquifier)
);
CREATE TABLE module_preference (
	id INTEGER NOT NULL, 
	name VARCHAR(256) NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE debugger_function_arguments (
	server_id INTEGER NOT NULL, 
	database_id INTEGER NOT NULL, 
	schema_id INTEGER NOT NULL, 
	function_id INTEGER NOT NULL, 
	arg_id INTEGER NOT NULL, 
	is_null INTEGER NOT NULL CHECK (is_null >= 0 AND is_null <= 1), 
	is_expression INTEGER NOT NULL CHECK (is_expression >= 0 AND is_expression <= 1), 
	use_default INTEGER NOT NULL CHECK (use_default >= 0 AND use_default <= 1), 
	value VARCHAR, 
	PRIMARY KEY (server_id, database_id, schema_id, function_id, arg_id)
);
CREATE TABLE keys (
	name VARCHAR NOT NULL, 
	value VARCHAR NOT NULL, 
	PRIMARY KEY (name)
);
CREATE TABLE macros (
	id INTEGER NOT NULL, 
	alt BOOLEAN NOT NULL, 
	control BOOLEAN NOT NULL, 
	"key" VARCHAR(32) NOT NULL, 
	key_code INTEGER NOT NULL, 
	PRIMARY KEY (id)
);
CREATE TABLE roles_users (
	user_id INTEGER, 
	role_id INTEGER, 
	FOREIGN KEY(user_id) REFERENCES user (id), 
	FOREIGN KEY(role_id) REFERENCES role (id)
);
CREATE TABLE setting (
	user_id INTEGER NOT NULL, 
	setting VARCHAR(256) NOT NULL, 
	value TEXT, 
	PRIMARY KEY (user_id, setting), 
	FOREIGN KEY(user_id) REFERENCES user (id)
);
CREATE TABLE servergroup (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	name VARCHAR(128) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (user_id, name), 
	FOREIGN KEY(user_id) REFERENCES user (id)
);
CREATE TABLE preference_category (
	id INTEGER NOT NULL, 
	mid INTEGER NOT NULL, 
	name VARCHAR(256) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(mid) REFERENCES module_preference (id)
);
CREATE TABLE user_macros (
	mid INTEGER NOT NULL, 
	uid INTEGER NOT NULL, 
	name VARCHAR(1024) NOT NULL, 
	sql TEXT NOT NULL, 
	PRIMARY KEY (mid, uid), 
	FOREIGN KEY(mid) REFERENCES macros (id), 
	FOREIGN KEY(uid) REFERENCES user (id)
);
CREATE TABLE user_mfa (
	user_id INTEGER NOT NULL, 
	mfa_auth VARCHAR(64) NOT NULL, 
	options TEXT, 
	PRIMARY KEY (user_id, mfa_auth), 
	FOREIGN KEY(user_id) REFERENCES user (id)
);
CREATE TABLE server (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	servergroup_id INTEGER NOT NULL, 
	name VARCHAR(128) NOT NULL, 
	host VARCHAR(128), 
	port INTEGER NOT NULL CHECK (port >= 1 AND port <= 65534), 
	maintenance_db VARCHAR(64), 
	username VARCHAR(64) NOT NULL, 
	password VARCHAR, 
	save_password INTEGER NOT NULL CHECK (save_password >= 0 AND save_password <= 1), 
	role VARCHAR(64), 
	comment VARCHAR(1024), 
	discovery_id VARCHAR(128), 
	db_res TEXT, 
	passexec_cmd TEXT, 
	passexec_expiration INTEGER, 
	bgcolor VARCHAR(10), 
	fgcolor VARCHAR(10), 
	service TEXT, 
	use_ssh_tunnel INTEGER NOT NULL CHECK (use_ssh_tunnel >= 0 AND use_ssh_tunnel <= 1), 
	tunnel_host VARCHAR(128), 
	tunnel_port INTEGER CHECK (port <= 65534), 
	tunnel_username VARCHAR(64), 
	tunnel_authentication INTEGER NOT NULL CHECK (tunnel_authentication >= 0 AND tunnel_authentication <= 1), 
	tunnel_identity_file VARCHAR(64), 
	tunnel_password VARCHAR, 
	shared BOOLEAN NOT NULL, 
	kerberos_conn BOOLEAN NOT NULL, 
	cloud_status INTEGER NOT NULL, 
	connection_params JSON, 
	PRIMARY KEY (id), 
	FOREIGN KEY(user_id) REFERENCES user (id), 
	FOREIGN KEY(servergroup_id) REFERENCES servergroup (id)
);
CREATE TABLE preferences (
	id INTEGER NOT NULL, 
	cid INTEGER NOT NULL, 
	name VARCHAR(1024) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(cid) REFERENCES preference_category (id)
);
CREATE TABLE user_preferences (
	pid INTEGER NOT NULL, 
	uid INTEGER NOT NULL, 
	value VARCHAR(1024) NOT NULL, 
	PRIMARY KEY (pid, uid), 
	FOREIGN KEY(pid) REFERENCES preferences (id), 
	FOREIGN KEY(uid) REFERENCES user (id)
);
CREATE TABLE process (
	pid VARCHAR NOT NULL, 
	user_id INTEGER NOT NULL, 
	command VARCHAR NOT NULL, 
	"desc" VARCHAR NOT NULL, 
	arguments VARCHAR, 
	logdir VARCHAR, 
	start_time VARCHAR, 
	end_time VARCHAR, 
	exit_code INTEGER, 
	acknowledge VARCHAR, 
	utility_pid INTEGER NOT NULL, 
	process_state INTEGER NOT NULL, 
	server_id INTEGER, 
	PRIMARY KEY (pid), 
	FOREIGN KEY(user_id) REFERENCES user (id), 
	FOREIGN KEY(server_id) REFERENCES server (id)
);
CREATE TABLE query_history (
	srno INTEGER NOT NULL, 
	uid INTEGER NOT NULL, 
	sid INTEGER NOT NULL, 
	dbname VARCHAR NOT NULL, 
	query_info VARCHAR NOT NULL, 
	last_updated_flag VARCHAR NOT NULL, 
	PRIMARY KEY (srno, uid, sid, dbname), 
	FOREIGN KEY(uid) REFERENCES user (id), 
	FOREIGN KEY(sid) REFERENCES server (id)
);
CREATE TABLE "database" (
	id INTEGER NOT NULL, 
	schema_res VARCHAR(256), 
	server INTEGER NOT NULL, 
	PRIMARY KEY (id, server), 
	FOREIGN KEY(server) REFERENCES server (id)
);
CREATE TABLE sharedserver (
	id INTEGER NOT NULL, 
	osid INTEGER NOT NULL, 
	user_id INTEGER, 
	server_owner VARCHAR(128), 
	servergroup_id INTEGER NOT NULL, 
	name VARCHAR(128) NOT NULL, 
	host VARCHAR(128), 
	port INTEGER, 
	maintenance_db VARCHAR(64), 
	username VARCHAR(64) NOT NULL, 
	password VARCHAR, 
	save_password INTEGER NOT NULL CHECK (save_password >= 0 AND save_password <= 1), 
	role VARCHAR(64), 
	comment VARCHAR(1024), 
	discovery_id VARCHAR(128), 
	db_res TEXT, 
	bgcolor VARCHAR(10), 
	fgcolor VARCHAR(10), 
	service TEXT, 
	use_ssh_tunnel INTEGER NOT NULL CHECK (use_ssh_tunnel >= 0 AND use_ssh_tunnel <= 1), 
	tunnel_host VARCHAR(128), 
	tunnel_port INTEGER CHECK (port <= 65534), 
	tunnel_username VARCHAR(64), 
	tunnel_authentication INTEGER NOT NULL CHECK (tunnel_authentication >= 0 AND tunnel_authentication <= 1), 
	tunnel_identity_file VARCHAR(64), 
	tunnel_password VARCHAR, 
	shared BOOLEAN NOT NULL, 
	connection_params JSON, 
	PRIMARY KEY (id), 
	FOREIGN KEY(osid) REFERENCES server (id), 
	FOREIGN KEY(user_id) REFERENCES user (id), 
	FOREIGN KEY(server_owner) REFERENCES user (username), 
	FOREIGN KEY(servergroup_id) REFERENCES servergroup (id)
);

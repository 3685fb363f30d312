-- An older dagster run storage, as its migrations' names describe it: before 024 (runs.start_time,
-- end_time), 025 (idx_run_range), 030 (bulk_actions.action_type, selector_id), 031 (kvs), 035
-- (idx_runs_by_job), 043-045 (run_tags indexes, runs.backfill_id, backfill_tags, job_name), and
-- with secondary_indexes.name still TEXT (019). Written by create_all from a reduced copy of models.py.
CREATE TABLE secondary_indexes (
	id INTEGER NOT NULL, 
	name TEXT, 
	create_timestamp DATETIME DEFAULT CURRENT_TIMESTAMP, 
	migration_completed DATETIME, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
CREATE TABLE snapshots (
	id INTEGER NOT NULL, 
	snapshot_id VARCHAR(255) NOT NULL, 
	snapshot_body BLOB NOT NULL, 
	snapshot_type VARCHAR(63) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (snapshot_id)
);
CREATE TABLE daemon_heartbeats (
	id INTEGER NOT NULL, 
	daemon_type VARCHAR(255) NOT NULL, 
	daemon_id VARCHAR(255), 
	timestamp TIMESTAMP NOT NULL, 
	body TEXT, 
	PRIMARY KEY (id), 
	UNIQUE (daemon_type)
);
CREATE TABLE bulk_actions (
	id INTEGER NOT NULL, 
	"key" VARCHAR(32) NOT NULL, 
	status VARCHAR(255) NOT NULL, 
	timestamp TIMESTAMP NOT NULL, 
	body TEXT, 
	PRIMARY KEY (id), 
	UNIQUE ("key")
);
CREATE INDEX idx_bulk_actions_status ON bulk_actions (status);
CREATE INDEX idx_bulk_actions ON bulk_actions ("key");
CREATE TABLE instance_info (
	id INTEGER NOT NULL, 
	run_storage_id TEXT, 
	PRIMARY KEY (id)
);
CREATE TABLE runs (
	id INTEGER NOT NULL, 
	run_id VARCHAR(255), 
	snapshot_id VARCHAR(255), 
	pipeline_name TEXT, 
	mode TEXT, 
	status VARCHAR(63), 
	run_body TEXT, 
	partition TEXT, 
	partition_set TEXT, 
	create_timestamp DATETIME DEFAULT CURRENT_TIMESTAMP, 
	update_timestamp DATETIME DEFAULT CURRENT_TIMESTAMP, 
	PRIMARY KEY (id), 
	UNIQUE (run_id), 
	CONSTRAINT fk_runs_snapshot_id_snapshots_snapshot_id FOREIGN KEY(snapshot_id) REFERENCES snapshots (snapshot_id)
);
CREATE INDEX idx_run_partitions ON runs (partition_set, partition);
CREATE INDEX idx_run_status ON runs (status);
CREATE TABLE run_tags (
	id INTEGER NOT NULL, 
	run_id VARCHAR(255), 
	"key" TEXT, 
	value TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(run_id) REFERENCES runs (run_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX idx_run_tags_run_id ON run_tags ("key", value, run_id);

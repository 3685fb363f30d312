-- The tables of celery v4.0.0's database result backend (751c509fe4ccf538fddd12bef541e10e219ebd28,
-- celery/backends/database/models.py), as SQLAlchemy's create_all writes them on SQLite.
CREATE TABLE celery_taskmeta (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	task_id VARCHAR(155), 
	status VARCHAR(50), 
	result BLOB, 
	date_done DATETIME, 
	traceback TEXT, 
	UNIQUE (task_id)
);
CREATE TABLE celery_tasksetmeta (
	id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, 
	taskset_id VARCHAR(155), 
	result BLOB, 
	date_done DATETIME, 
	UNIQUE (taskset_id)
);

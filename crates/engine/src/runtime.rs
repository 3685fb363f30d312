//! The migration runtime: the version table, and (to come) online and offline runs.

use crate::db::{Database, Result};

/// Alembic's version table: `alembic_version (version_num VARCHAR(32))`, one row per head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionTable {
    pub name: String,
}

impl Default for VersionTable {
    fn default() -> Self {
        VersionTable {
            name: "alembic_version".to_owned(),
        }
    }
}

impl VersionTable {
    /// The DDL SQLAlchemy's SQLite dialect renders for Alembic's version table, byte for byte
    /// (tab indents, `", \n"` between elements, the `<name>_pkc` primary key constraint).
    pub fn create_sql(&self) -> String {
        format!(
            "CREATE TABLE {name} (\n\tversion_num VARCHAR(32) NOT NULL, \n\tCONSTRAINT {name}_pkc PRIMARY KEY (version_num)\n)",
            name = self.name
        )
    }

    /// Creates the table unless it exists, as Alembic does before the first step.
    pub fn ensure(&self, db: &Database) -> Result<bool> {
        if db.has_table(&self.name)? {
            return Ok(false);
        }
        db.execute_batch(&self.create_sql())?;
        Ok(true)
    }

    /// The revisions recorded in the table, in row order; empty when the table is absent.
    pub fn heads(&self, db: &Database) -> Result<Vec<String>> {
        if !db.has_table(&self.name)? {
            return Ok(Vec::new());
        }
        let mut stmt = db
            .connection()
            .prepare(&format!("SELECT version_num FROM {}", self.name))?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_table_is_created_once_and_starts_empty() {
        let db = Database::open_in_memory().unwrap();
        let vt = VersionTable::default();
        assert!(vt.heads(&db).unwrap().is_empty());
        assert!(vt.ensure(&db).unwrap());
        assert!(!vt.ensure(&db).unwrap());
        let schema = db.schema().unwrap();
        assert_eq!(schema[0].sql.as_deref(), Some(vt.create_sql().as_str()));
        assert!(vt.heads(&db).unwrap().is_empty());
    }
}

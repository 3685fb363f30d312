//! The entity-relationship diagram of a [`Snapshot`]: where each table's box goes and which
//! column rows its foreign keys join. The page draws it; nothing here knows about SVG.
//!
//! Layout: tables in columns by foreign-key depth, a table to the right of every table it
//! refers to (so edges run right to left, child to parent), each column of boxes in
//! `sqlite_master` order. Reference cycles are broken where the walk meets them.

use std::collections::HashMap;

use crate::inspect::{Snapshot, TableInfo};

/// Sizes in the diagram's units (CSS pixels at 100%).
pub const HEADER: f64 = 24.0;
pub const ROW: f64 = 18.0;
pub const CHAR: f64 = 7.2;
const PAD: f64 = 10.0;
const GAP_X: f64 = 70.0;
const GAP_Y: f64 = 24.0;

#[derive(Debug, Clone, PartialEq)]
pub struct TableBox {
    pub table: String,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// One line per column: name, declared type, primary-key, foreign-key.
    pub columns: Vec<BoxColumn>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct BoxColumn {
    pub name: String,
    pub decl_type: String,
    pub pk: bool,
    pub fk: bool,
    pub not_null: bool,
}

impl TableBox {
    /// The vertical middle of column row `i`.
    pub fn row_y(&self, i: usize) -> f64 {
        self.y + HEADER + ROW * i as f64 + ROW / 2.0
    }
}

/// A foreign key: from a column row of one box to a column row of another (or the same).
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub from: usize,
    pub from_row: usize,
    pub to: usize,
    /// The referred column's row; the header's middle when the column is not found.
    pub to_row: Option<usize>,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Diagram {
    pub boxes: Vec<TableBox>,
    pub edges: Vec<Edge>,
    pub width: f64,
    pub height: f64,
}

/// Lays out the tables of `snapshot` (the version table too: it is a table Alembic made).
pub fn layout(snapshot: &Snapshot) -> Diagram {
    let tables = &snapshot.tables;
    let index: HashMap<&str, usize> = tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let mut depth = vec![None; tables.len()];
    for i in 0..tables.len() {
        depth_of(
            i,
            tables,
            &index,
            &mut depth,
            &mut vec![false; tables.len()],
        );
    }
    let depth: Vec<usize> = depth.into_iter().map(|d| d.unwrap_or(0)).collect();
    let layers = depth.iter().copied().max().map_or(0, |d| d + 1);

    let mut boxes: Vec<Option<TableBox>> = vec![None; tables.len()];
    let (mut x, mut height) = (0.0f64, 0.0f64);
    for layer in 0..layers {
        let mut y = 0.0;
        let mut widest = 0.0f64;
        for (i, t) in tables
            .iter()
            .enumerate()
            .filter(|(i, _)| depth[*i] == layer)
        {
            let b = table_box(t, x, y);
            y += b.height + GAP_Y;
            widest = widest.max(b.width);
            boxes[i] = Some(b);
        }
        height = height.max(y - GAP_Y);
        x += widest + GAP_X;
    }
    let boxes: Vec<TableBox> = boxes.into_iter().flatten().collect();

    let mut edges = Vec::new();
    for (from, t) in tables.iter().enumerate() {
        for fk in &t.foreign_keys {
            let Some(&to) = index.get(fk.referred_table.as_str()) else {
                continue;
            };
            let from_row = fk
                .columns
                .first()
                .and_then(|c| t.columns.iter().position(|col| &col.name == c))
                .unwrap_or(0);
            let to_row = fk
                .referred_columns
                .first()
                .and_then(|c| tables[to].columns.iter().position(|col| &col.name == c));
            edges.push(Edge {
                from,
                from_row,
                to,
                to_row,
                label: format!(
                    "{}.({}) → {}({})",
                    t.name,
                    fk.columns.join(", "),
                    fk.referred_table,
                    fk.referred_columns.join(", ")
                ),
            });
        }
    }
    Diagram {
        boxes,
        edges,
        width: (x - GAP_X).max(0.0),
        height,
    }
}

/// 0 for a table that refers to no other table; else one more than the deepest it refers to.
fn depth_of(
    i: usize,
    tables: &[TableInfo],
    index: &HashMap<&str, usize>,
    depth: &mut [Option<usize>],
    visiting: &mut [bool],
) -> usize {
    if let Some(d) = depth[i] {
        return d;
    }
    if visiting[i] {
        // A cycle: this reference does not push the table further right.
        return 0;
    }
    visiting[i] = true;
    let d = tables[i]
        .foreign_keys
        .iter()
        .filter_map(|fk| index.get(fk.referred_table.as_str()).copied())
        .filter(|&j| j != i)
        .map(|j| depth_of(j, tables, index, depth, visiting) + 1)
        .max()
        .unwrap_or(0);
    visiting[i] = false;
    depth[i] = Some(d);
    d
}

fn table_box(t: &TableInfo, x: f64, y: f64) -> TableBox {
    let fk_columns: Vec<&str> = t
        .foreign_keys
        .iter()
        .flat_map(|fk| fk.columns.iter().map(String::as_str))
        .collect();
    let columns: Vec<BoxColumn> = t
        .columns
        .iter()
        .filter(|c| c.hidden == 0)
        .map(|c| BoxColumn {
            name: c.name.clone(),
            decl_type: c.decl_type.clone(),
            pk: c.pk > 0,
            fk: fk_columns.contains(&c.name.as_str()),
            not_null: c.not_null,
        })
        .collect();
    // "PK name  TYPE": the key marks take three characters.
    let line = columns
        .iter()
        .map(|c| 3 + c.name.chars().count() + 2 + c.decl_type.chars().count())
        .max()
        .unwrap_or(0)
        .max(t.name.chars().count() + 2);
    TableBox {
        table: t.name.clone(),
        x,
        y,
        width: (line as f64 * CHAR + 2.0 * PAD).ceil(),
        height: HEADER + ROW * columns.len() as f64 + 6.0,
        columns,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Database;

    #[test]
    fn children_stand_right_of_their_parents_and_edges_join_column_rows() {
        let db = Database::open_in_memory().unwrap();
        db.execute_batch(
            "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
             CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id));
             CREATE TABLE comments (id INTEGER PRIMARY KEY, post_id INTEGER, parent_id INTEGER,
                FOREIGN KEY (post_id) REFERENCES posts (id),
                FOREIGN KEY (parent_id) REFERENCES comments (id));
             CREATE TABLE tags (name TEXT);",
        )
        .unwrap();
        let snapshot = Snapshot::take(&db).unwrap();
        let d = layout(&snapshot);
        let at = |name: &str| d.boxes.iter().find(|b| b.table == name).unwrap();
        assert_eq!(at("users").x, 0.0);
        assert_eq!(at("tags").x, 0.0);
        assert!(at("tags").y > at("users").y);
        assert!(at("posts").x > at("users").x + at("users").width);
        assert!(at("comments").x > at("posts").x + at("posts").width);
        let posts_fk = d
            .edges
            .iter()
            .find(|e| d.boxes[e.from].table == "posts")
            .unwrap();
        assert_eq!((posts_fk.from_row, posts_fk.to_row), (1, Some(0)));
        assert_eq!(d.boxes[posts_fk.to].table, "users");
        // The self-reference is an edge from the box to itself.
        assert!(d.edges.iter().any(|e| e.from == e.to && e.from_row == 2));
        assert!(at("users").columns[0].pk && at("posts").columns[1].fk);
        assert!(d.width >= at("comments").x + at("comments").width);
    }
}

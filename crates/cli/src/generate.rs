//! `retort revision` and `retort merge`: the host's part (id, clock, template file, writing
//! the file); the engine renders and checks.

use std::path::{Path, PathBuf};

use retort_engine::script::{CreateDate, NewRevision, generate_revision, load_revision_file};

use crate::project::{Failed, Project};

pub struct Request {
    pub message: Option<String>,
    pub heads: Vec<String>,
    pub splice: bool,
    pub branch_label: Option<String>,
    pub version_path: Option<String>,
    pub rev_id: Option<String>,
    pub depends_on: Vec<String>,
    /// Autogenerate's bodies of `upgrade()` / `downgrade()`, and the imports they need.
    pub bodies: Option<(String, String, String)>,
}

/// `uuid.uuid4().hex[-12:]`, from the operating system's randomness.
pub fn random_rev_id() -> Result<String, Failed> {
    use std::io::Read;
    let mut bytes = [0u8; 6];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .map_err(|e| format!("cannot read /dev/urandom for a revision id: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Now, as the new revision's `Create Date` (the machine's clock read as UTC).
fn now(timezone: Option<&str>) -> Result<CreateDate, Failed> {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| e.to_string())?;
    CreateDate::at(d.as_micros() as i64, 0, timezone)
}

pub fn new_revision(p: &Project, req: Request) -> Result<String, Failed> {
    let template_path = Path::new(&p.script_dir).join("script.py.mako");
    let template = std::fs::read_to_string(&template_path)
        .map_err(|e| format!("{}: {e}", template_path.display()))?;
    let version_location = match &req.version_path {
        Some(v) => {
            let v = crate::project::absolute(Path::new(v));
            if !p.version_locations.contains(&v) {
                return Err(format!(
                    "Path {} is not represented in current version locations",
                    v.display()
                ));
            }
            v
        }
        None if p.version_locations.len() > 1 => {
            return Err("Multiple version locations present, please specify --version-path".into());
        }
        None => p.version_locations[0].clone(),
    };
    let rev_id = match req.rev_id {
        Some(r) => r,
        None => random_rev_id()?,
    };
    let generated = generate_revision(
        &p.dir,
        &NewRevision {
            rev_id,
            message: req.message,
            heads: req.heads,
            splice: req.splice,
            branch_labels: req.branch_label.into_iter().collect(),
            depends_on: req.depends_on,
            create_date: now(p.config.timezone.as_deref())?,
            template: &template,
            version_location: version_location.to_string_lossy().into_owned(),
            file_template: &p.config.file_template,
            truncate_slug_length: p.config.truncate_slug_length,
            upgrades: req.bodies.as_ref().map(|b| b.0.clone()),
            downgrades: req.bodies.as_ref().map(|b| b.1.clone()),
            imports: req.bodies.as_ref().map(|b| b.2.clone()).unwrap_or_default(),
        },
    )?;
    let path = PathBuf::from(&generated.path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(&path, &generated.text).map_err(|e| format!("{}: {e}", path.display()))?;
    // Alembic loads the new file back: a template that drops the header fails here.
    load_revision_file(&generated.path, &generated.text).map_err(|e| e.to_string())?;
    // `[post_write_hooks]` (black, ruff, ...) run programs on the file under Alembic.
    let hooks = p
        .ini
        .get("post_write_hooks", "hooks")
        .ok()
        .flatten()
        .unwrap_or_default();
    let hooks: Vec<&str> = hooks
        .split([',', ' ', '\n'])
        .filter(|h| !h.is_empty())
        .collect();
    if !hooks.is_empty() {
        eprintln!(
            "retort: note: post_write_hooks {} not run: Retort runs no programs on the files it writes; run them on {} yourself",
            hooks
                .iter()
                .map(|h| format!("`{h}`"))
                .collect::<Vec<_>>()
                .join(", "),
            path.display()
        );
    }
    Ok(format!("Generating {} ...  done\n", path.display()))
}

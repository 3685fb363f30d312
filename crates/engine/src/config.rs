//! `alembic.ini`: Python's `configparser` semantics (what Alembic reads it with), and the
//! options Alembic takes from it.
//!
//! The subset of configparser implemented: `[section]` headers, `key = value` and
//! `key: value`, keys lower-cased, full-line `#`/`;` comments, indented continuation
//! lines, `[DEFAULT]`, and `BasicInterpolation` (`%(name)s`, `%%`) with `here` (the ini's
//! directory) as a default.

use indexmap::IndexMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

/// A parsed ini file.
#[derive(Debug, Clone, Default)]
pub struct Ini {
    defaults: IndexMap<String, String>,
    sections: IndexMap<String, IndexMap<String, String>>,
}

impl Ini {
    /// Parses `text`; `here` becomes the `%(here)s` default, as Alembic sets it.
    pub fn parse(text: &str, path: &str, here: &str) -> Result<Ini, ConfigError> {
        let mut ini = Ini::default();
        ini.defaults.insert("here".into(), here.into());
        let mut current: Option<String> = None;
        let mut last_key: Option<String> = None;
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim_end_matches('\r');
            let trimmed = line.trim();
            if trimmed.starts_with('#') || trimmed.starts_with(';') {
                continue;
            }
            if trimmed.is_empty() {
                // Blank lines inside a multi-line value are kept (empty_lines_in_values).
                if let (Some(s), Some(k)) = (&current, &last_key) {
                    let map = ini.section_mut(s);
                    if let Some(v) = map.get_mut(k) {
                        v.push('\n');
                    }
                }
                continue;
            }
            let indented = line.starts_with([' ', '\t']);
            if indented && last_key.is_some() {
                let (s, k) = (current.clone().unwrap(), last_key.clone().unwrap());
                let v = ini.section_mut(&s).get_mut(&k).unwrap();
                v.push('\n');
                v.push_str(trimmed);
                continue;
            }
            if let Some(name) = trimmed.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
                let name = name.to_owned();
                if name != "DEFAULT" && ini.sections.contains_key(&name) {
                    return Err(ConfigError(format!(
                        "While reading from '{path}' [line {:2}]: section '{name}' already exists",
                        n + 1
                    )));
                }
                if name != "DEFAULT" {
                    ini.sections.insert(name.clone(), IndexMap::new());
                }
                current = Some(name);
                last_key = None;
                continue;
            }
            let Some(section) = current.clone() else {
                return Err(ConfigError(format!(
                    "File contains no section headers.\nfile: '{path}', line: {}\n{:?}",
                    n + 1,
                    format!("{line}\n")
                )));
            };
            let sep = line.find(['=', ':']);
            let (key, value) = match sep {
                Some(i) => (line[..i].trim(), line[i + 1..].trim()),
                None => (trimmed, ""),
            };
            let key = key.to_lowercase();
            ini.section_mut(&section)
                .insert(key.clone(), value.to_owned());
            last_key = Some(key);
        }
        // Trailing blank lines of multi-line values are dropped.
        for map in ini
            .sections
            .values_mut()
            .chain(std::iter::once(&mut ini.defaults))
        {
            for v in map.values_mut() {
                let t = v.trim_end_matches('\n').len();
                v.truncate(t);
            }
        }
        Ok(ini)
    }

    fn section_mut(&mut self, name: &str) -> &mut IndexMap<String, String> {
        if name == "DEFAULT" {
            &mut self.defaults
        } else {
            self.sections.get_mut(name).expect("section exists")
        }
    }

    pub(crate) fn has_section(&self, name: &str) -> bool {
        self.sections.contains_key(name)
    }

    /// The raw (uninterpolated) value.
    pub(crate) fn get_raw(&self, section: &str, key: &str) -> Option<&str> {
        let key = key.to_lowercase();
        self.sections
            .get(section)
            .and_then(|s| s.get(&key))
            .or_else(|| self.defaults.get(&key))
            .map(String::as_str)
    }

    /// The value with `%(name)s` and `%%` interpolated, as `ConfigParser.get` returns it.
    pub fn get(&self, section: &str, key: &str) -> Result<Option<String>, ConfigError> {
        match self.get_raw(section, key) {
            None => Ok(None),
            Some(raw) => self.interpolate(section, key, raw, 1).map(Some),
        }
    }

    /// All options of a section (defaults included), interpolated.
    pub fn section(&self, section: &str) -> Result<Vec<(String, String)>, ConfigError> {
        let mut keys: Vec<&String> = self.defaults.keys().collect();
        if let Some(s) = self.sections.get(section) {
            keys.extend(s.keys().filter(|k| !self.defaults.contains_key(*k)));
        }
        keys.into_iter()
            .map(|k| Ok((k.clone(), self.get(section, k)?.unwrap_or_default())))
            .collect()
    }

    fn interpolate(
        &self,
        section: &str,
        key: &str,
        raw: &str,
        depth: usize,
    ) -> Result<String, ConfigError> {
        if depth > 10 {
            return Err(ConfigError(format!(
                "Recursion limit exceeded in value substitution: option '{key}' in section '{section}'"
            )));
        }
        let mut out = String::new();
        let mut rest = raw;
        while let Some(i) = rest.find('%') {
            out.push_str(&rest[..i]);
            rest = &rest[i..];
            if let Some(r) = rest.strip_prefix("%%") {
                out.push('%');
                rest = r;
            } else if let Some(r) = rest.strip_prefix("%(") {
                let Some(end) = r.find(")s") else {
                    return Err(ConfigError(format!(
                        "bad interpolation variable reference '{rest}'"
                    )));
                };
                let name = r[..end].to_lowercase();
                let Some(v) = self.get_raw(section, &name) else {
                    return Err(ConfigError(format!(
                        "Bad value substitution: option '{key}' in section '{section}' contains an interpolation key '{name}' which is not a valid option name. Raw value: '{raw}'"
                    )));
                };
                out.push_str(&self.interpolate(section, &name, v, depth + 1)?);
                rest = &r[end + 2..];
            } else {
                return Err(ConfigError(format!(
                    "'%' must be followed by '%' or '(', found: '{rest}'"
                )));
            }
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// The options of a project's config that the engine uses, read from `[alembic]` (or the
/// section chosen with `-n`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectConfig {
    pub script_location: String,
    /// As written; relative paths are resolved by the host (against the current directory,
    /// as Alembic does).
    pub version_locations: Option<Vec<String>>,
    pub recursive_version_locations: bool,
    pub sourceless: bool,
    pub file_template: String,
    pub truncate_slug_length: usize,
    pub timezone: Option<String>,
    pub sqlalchemy_url: Option<String>,
    /// `prepend_sys_path`, split into its entries (relative ones are relative to the working
    /// directory, as Python's `sys.path` entries are).
    pub prepend_sys_path: Vec<String>,
}

pub const DEFAULT_FILE_TEMPLATE: &str = "%(rev)s_%(slug)s";

fn as_bool(v: Option<String>) -> bool {
    matches!(
        v.as_deref().map(|s| s.trim().to_lowercase()).as_deref(),
        Some("true" | "yes" | "on" | "y" | "t" | "1")
    )
}

impl ProjectConfig {
    pub fn from_ini(ini: &Ini, section: &str) -> Result<ProjectConfig, ConfigError> {
        let get = |k: &str| ini.get(section, k);
        let Some(script_location) = get("script_location")? else {
            return Err(ConfigError(
                "No 'script_location' key found in configuration.".into(),
            ));
        };
        let separator = |key: &str| -> Result<Option<&'static str>, ConfigError> {
            let configured = match key {
                "version_locations" => get("path_separator")?.or(get("version_path_separator")?),
                _ => get("path_separator")?,
            };
            Ok(match configured {
                None => None,
                Some(s) => Some(match s.as_str() {
                    "space" => " ",
                    "newline" => "\n",
                    "os" | ":" => ":",
                    ";" => ";",
                    other => {
                        return Err(ConfigError(format!(
                            "'{other}' is not a valid value for path_separator; expected 'space', 'newline', 'os', ':', ';'"
                        )));
                    }
                }),
            })
        };
        let version_locations = match get("version_locations")? {
            Some(v) if !v.is_empty() => Some(split_paths(
                &v,
                separator("version_locations")?,
                &[',', ' '],
            )),
            _ => None,
        };
        // Alembic's legacy split of prepend_sys_path also takes colons.
        let prepend_sys_path = match get("prepend_sys_path")? {
            Some(v) if !v.is_empty() => {
                split_paths(&v, separator("prepend_sys_path")?, &[',', ' ', ':'])
            }
            _ => Vec::new(),
        };
        let tsl = match get("truncate_slug_length")? {
            Some(t) => t.trim().parse::<usize>().map_err(|_| {
                ConfigError(format!("invalid literal for int() with base 10: '{t}'"))
            })?,
            None => 40,
        };
        Ok(ProjectConfig {
            script_location,
            version_locations,
            recursive_version_locations: as_bool(get("recursive_version_locations")?),
            sourceless: as_bool(get("sourceless")?),
            file_template: get("file_template")?.unwrap_or_else(|| DEFAULT_FILE_TEMPLATE.into()),
            truncate_slug_length: if tsl == 0 { 40 } else { tsl },
            timezone: get("timezone")?,
            sqlalchemy_url: get("sqlalchemy.url")?,
            prepend_sys_path,
        })
    }
}

/// A list of paths as Alembic splits it: on the configured separator (entries trimmed), or,
/// without one, on any of `legacy` (commas followed by spaces, runs of spaces, ...).
fn split_paths(v: &str, sep: Option<&str>, legacy: &[char]) -> Vec<String> {
    match sep {
        Some(sep) => v
            .split(sep)
            .filter(|x| !x.is_empty())
            .map(|x| x.trim().to_owned())
            .collect(),
        None => v
            .split(legacy)
            .filter(|x| !x.is_empty())
            .map(str::to_owned)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INI: &str = "# comment\n[alembic]\nscript_location = %(here)s/migrations\nfile_template = %%(year)d_%%(rev)s\nversion_locations = a b,c\nMixed.Case = 1\nmulti = one\n    two\n\n[other]\nx: y\n";

    #[test]
    fn configparser_semantics() {
        let ini = Ini::parse(INI, "alembic.ini", "/p").unwrap();
        assert_eq!(
            ini.get("alembic", "script_location").unwrap().unwrap(),
            "/p/migrations"
        );
        assert_eq!(
            ini.get("alembic", "file_template").unwrap().unwrap(),
            "%(year)d_%(rev)s"
        );
        assert_eq!(ini.get("alembic", "mixed.case").unwrap().unwrap(), "1");
        assert_eq!(ini.get("alembic", "multi").unwrap().unwrap(), "one\ntwo");
        assert_eq!(ini.get("other", "x").unwrap().unwrap(), "y");
        assert_eq!(ini.get("other", "here").unwrap().unwrap(), "/p");
        let cfg = ProjectConfig::from_ini(&ini, "alembic").unwrap();
        assert_eq!(cfg.version_locations.unwrap(), ["a", "b", "c"]);
        assert_eq!(cfg.truncate_slug_length, 40);
    }

    #[test]
    fn missing_script_location_is_alembics_error() {
        let ini = Ini::parse("[alembic]\n", "a.ini", "/").unwrap();
        assert_eq!(
            ProjectConfig::from_ini(&ini, "alembic").unwrap_err().0,
            "No 'script_location' key found in configuration."
        );
    }
}

//! The import system, as Python's: the module cache, then the host's modules, then the
//! project's source files (run as modules: parents first, registered in the cache before
//! they run, so circular imports see the partial module), then the interpreter's standard
//! library, then the host's last resort; else `ModuleNotFoundError`. Relative imports
//! resolve from `__package__`; `from m import *` honours `__all__`.

use std::rc::Rc;

use ruff_python_ast as ast;
use ruff_text_size::TextRange;

use super::{Frame, Interp, Unwind, docstring};
use crate::value::*;

/// A module's source, found by [`super::ModuleResolver::find_source`].
#[derive(Clone, Debug)]
pub struct SourceModule {
    /// The file (`myapp/models.py`, `myapp/__init__.py`), or for a namespace package the
    /// directory: `__file__` (and tracebacks) show it.
    pub path: String,
    /// The source; `None` for a namespace package (a directory without `__init__.py`).
    pub text: Option<String>,
    /// A package (`__init__.py`, or a namespace package): it has `__path__` and may have
    /// submodules.
    pub is_package: bool,
}

impl SourceModule {
    /// A plain module or a regular package.
    pub fn file(path: &str, text: &str, is_package: bool) -> SourceModule {
        SourceModule {
            path: path.to_owned(),
            text: Some(text.to_owned()),
            is_package,
        }
    }

    /// A namespace package: a directory without `__init__.py`.
    pub fn namespace(dir: &str) -> SourceModule {
        SourceModule {
            path: dir.to_owned(),
            text: None,
            is_package: true,
        }
    }
}

/// `module.__spec__`: what importlib's `ModuleSpec` holds that scripts read.
struct ModuleSpec {
    name: Str,
    origin: Option<String>,
    search_locations: Option<Vec<String>>,
}

impl HostObject for ModuleSpec {
    fn type_name(&self) -> String {
        "ModuleSpec".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let opt = |s: &Option<String>| s.as_deref().map_or(Value::None, Value::str);
        Ok(Some(match name {
            "name" => Value::Str(self.name.clone()),
            "origin" => opt(&self.origin),
            "parent" => {
                let parent = if self.search_locations.is_some() {
                    &*self.name
                } else {
                    self.name.rsplit_once('.').map_or("", |(p, _)| p)
                };
                Value::str(parent)
            }
            "submodule_search_locations" => match &self.search_locations {
                Some(l) => Value::list(l.iter().map(|p| Value::str(p)).collect()),
                None => Value::None,
            },
            "loader" | "cached" => Value::None,
            "has_location" => Value::Bool(self.origin.is_some()),
            _ => return Ok(None),
        }))
    }
    fn repr(&self) -> String {
        format!(
            "ModuleSpec(name='{}', loader=None, origin={})",
            self.name,
            self.origin
                .as_deref()
                .map_or("None".to_owned(), crate::format::str_repr)
        )
    }
}

fn dirname(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(d, _)| d)
}

impl Interp {
    /// Whether the running code sits in a `try` (of its own frame, as written) whose handlers
    /// catch `ImportError`: a host deciding what a module nothing provides becomes (an inert
    /// stand-in, say) lets such imports fail, as the code expects.
    pub fn import_guarded(&self) -> bool {
        self.import_guards.last() == Some(&self.frames.len())
    }

    /// The module whose code is running: its `__name__` and file path. Inside
    /// [`super::ModuleResolver`]'s methods, the module doing the import.
    pub fn current_module(&self) -> Option<(String, String)> {
        let f = self.frames.last()?;
        let name = match f.globals.get("__name__") {
            Some(Value::Str(s)) => s.to_string(),
            _ => String::new(),
        };
        Some((name, f.module.path.clone()))
    }

    /// `import a.b.c [as x], ...`
    pub(super) fn exec_import(&mut self, s: &ast::StmtImport) -> EvalResult<()> {
        for alias in &s.names {
            self.cur_range = s.range;
            let name = alias.name.as_str();
            let module = self.import_module(name)?;
            match &alias.asname {
                Some(asname) => self.store_name(asname.as_str(), module),
                None => {
                    // `import a.b.c` binds `a`; the submodules hang off it.
                    let top = name.split('.').next().unwrap_or(name);
                    let top_module = match self.modules.get(top) {
                        Some(m) => m.clone(),
                        None => self.import_module(top)?,
                    };
                    self.store_name(top, top_module);
                }
            }
        }
        Ok(())
    }

    /// `from [.]m import a [as b], ...` and `from m import *`.
    pub(super) fn exec_import_from(&mut self, s: &ast::StmtImportFrom) -> EvalResult<()> {
        let module_name = s.module.as_ref().map(|m| m.as_str()).unwrap_or("");
        if s.level == 0 && module_name == "__future__" {
            return Ok(());
        }
        self.cur_range = s.range;
        let full = if s.level > 0 {
            self.resolve_relative(module_name, s.level as usize)?
        } else {
            module_name.to_owned()
        };
        let module = self.import_module(&full)?;
        for alias in &s.names {
            let name = alias.name.as_str();
            if name == "*" {
                return self.import_star(&full, &module, s.range);
            }
            self.cur_range = alias.range;
            let v = match self.get_attr_opt(&module, name) {
                Ok(Some(v)) => v,
                Ok(None) | Err(Unwind::Exception(_)) => {
                    // `from pkg import submodule`: import it.
                    let sub = format!("{full}.{name}");
                    match self.find_module(&sub)? {
                        Some(v) => v,
                        None => return Err(self.cannot_import(&full, &module, name)),
                    }
                }
                Err(e) => return Err(e),
            };
            let bind = alias.asname.as_ref().map_or(name, |a| a.as_str());
            self.store_name(bind, v);
        }
        Ok(())
    }

    /// The absolute name of `from {'.' * level}{name} import ...` in the running module.
    fn resolve_relative(&mut self, name: &str, level: usize) -> EvalResult<String> {
        let globals = self.frame().globals.clone();
        // CPython's `_calc___package__`.
        let package = match globals.get("__package__") {
            Some(Value::Str(p)) => p.to_string(),
            _ => match globals.get("__name__") {
                Some(Value::Str(n)) if globals.get("__path__").is_some() => n.to_string(),
                Some(Value::Str(n)) => n
                    .rsplit_once('.')
                    .map_or(String::new(), |(p, _)| p.to_owned()),
                _ => String::new(),
            },
        };
        if package.is_empty() {
            return Err(self.import_error_value(
                "attempted relative import with no known parent package",
                None,
                None,
            ));
        }
        let bits: Vec<&str> = package.rsplitn(level, '.').collect();
        if bits.len() < level {
            return Err(self.import_error_value(
                "attempted relative import beyond top-level package",
                None,
                None,
            ));
        }
        let base = bits[bits.len() - 1];
        Ok(if name.is_empty() {
            base.to_owned()
        } else {
            format!("{base}.{name}")
        })
    }

    /// Imports `name` (dotted), or raises `ModuleNotFoundError`.
    pub(crate) fn import_module(&mut self, name: &str) -> EvalResult {
        match self.find_module(name)? {
            Some(v) => Ok(v),
            None => Err(self.module_not_found(name)),
        }
    }

    /// Finds a module: cache, host, source, the interpreter's own library, the host's last
    /// resort. `None` when nothing provides it.
    pub fn try_import(&mut self, name: &str) -> EvalResult<Option<Value>> {
        self.find_module(name)
    }

    fn find_module(&mut self, name: &str) -> EvalResult<Option<Value>> {
        if let Some(m) = self.modules.get(name) {
            return Ok(Some(m.clone()));
        }
        let parent = match name.rsplit_once('.') {
            Some((parent, _)) => {
                let p = self.import_module(parent)?;
                // Importing the parent may have imported this module.
                if let Some(m) = self.modules.get(name) {
                    return Ok(Some(m.clone()));
                }
                Some(p)
            }
            None => None,
        };
        let resolver = self.resolver.clone();
        let mut found = match &resolver {
            Some(r) => r.resolve(self, name).transpose()?,
            None => None,
        };
        if found.is_none()
            && let Some(src) = resolver.as_ref().and_then(|r| r.find_source(name))
        {
            let m = self.exec_source_module(name, src)?;
            if let Some(Value::Module(p)) = &parent {
                p.set(name.rsplit('.').next().unwrap_or(name), m.clone());
            }
            return Ok(Some(m));
        }
        if found.is_none() {
            found = crate::stdlib::module(self, name)?;
        }
        if found.is_none()
            && let Some(r) = &resolver
        {
            found = r.missing(self, name).transpose()?;
        }
        if let Some(m) = &found {
            self.modules.insert(name.to_owned(), m.clone());
            if let Some(Value::Module(p)) = &parent
                && p.get(name.rsplit('.').next().unwrap_or(name)).is_none()
            {
                p.set(name.rsplit('.').next().unwrap_or(name), m.clone());
            }
        }
        Ok(found)
    }

    /// A module of the interpreter's library that is written in Python (`dataclasses`).
    pub(crate) fn exec_library_source(&mut self, name: &str, text: &str) -> EvalResult {
        let path = format!("<retort>/{name}.py");
        self.exec_source_module(name, SourceModule::file(&path, text, false))
    }

    /// Runs a module's source in a fresh namespace, registered in the cache first; removed
    /// from the cache again if it raises.
    fn exec_source_module(&mut self, name: &str, src: SourceModule) -> EvalResult {
        let globals = Rc::new(Scope::default());
        globals.set("__name__", Value::str(name));
        let package = if src.is_package {
            name.to_owned()
        } else {
            name.rsplit_once('.')
                .map_or(String::new(), |(p, _)| p.to_owned())
        };
        let parsed = match &src.text {
            Some(text) => Some(Interp::parse(&src.path, text).map_err(Unwind::Fatal)?),
            None => None,
        };
        let doc = parsed
            .as_ref()
            .and_then(|p| docstring(&p.body))
            .map_or(Value::None, |d| Value::str(&d));
        globals.set("__doc__", doc);
        globals.set("__package__", Value::str(&package));
        let search = src.is_package.then(|| {
            vec![if src.text.is_some() {
                dirname(&src.path).to_owned()
            } else {
                src.path.clone()
            }]
        });
        globals.set(
            "__spec__",
            Value::host(ModuleSpec {
                name: Rc::from(name),
                origin: src.text.as_ref().map(|_| src.path.clone()),
                search_locations: search.clone(),
            }),
        );
        if let Some(paths) = &search {
            globals.set(
                "__path__",
                Value::list(paths.iter().map(|p| Value::str(p)).collect()),
            );
        }
        globals.set(
            "__file__",
            match &src.text {
                Some(_) => Value::str(&src.path),
                None => Value::None,
            },
        );
        let module = Value::Module(Rc::new(Module::of_globals(name, globals.clone())));
        self.modules.insert(name.to_owned(), module.clone());
        let Some(parsed) = parsed else {
            return Ok(module);
        };
        if self.depth >= self.limits.max_depth {
            self.modules.remove(name);
            return Err(self.limit(
                format!(
                    "maximum recursion depth of {} exceeded (imports nested too deeply)",
                    self.limits.max_depth
                ),
                "modules import each other too deeply for the sandbox",
            ));
        }
        self.check_stack()?;
        self.frames.push(Frame::module(
            globals.clone(),
            globals,
            parsed.source.clone(),
        ));
        self.initializing.push(name.to_owned());
        self.depth += 1;
        let saved = self.cur_range;
        let r = self.exec_block(&parsed.body);
        self.depth -= 1;
        self.initializing.pop();
        self.frames.pop();
        self.cur_range = saved;
        match r {
            Ok(()) | Err(Unwind::Return(_)) => Ok(module),
            Err(Unwind::Exception(mut e)) => {
                self.modules.remove(name);
                e.needs_frame = true;
                Err(Unwind::Exception(e))
            }
            Err(e) => {
                self.modules.remove(name);
                Err(e)
            }
        }
    }

    /// `from m import *`: the names in `__all__`, else those not starting with `_`.
    fn import_star(&mut self, name: &str, module: &Value, range: TextRange) -> EvalResult<()> {
        self.cur_range = range;
        let names: Vec<Value> = match self.get_attr_opt(module, "__all__")? {
            Some(all) => self.iterate(&all)?,
            None => match module {
                Value::Module(m) => m
                    .globals
                    .vars
                    .borrow()
                    .keys()
                    .filter(|k| !k.starts_with('_'))
                    .map(|k| Value::Str(k.clone()))
                    .collect(),
                _ => {
                    return Err(self.unsupported(
                        format!("`from {name} import *` of a module provided by the host"),
                        Some("import the names you use explicitly".into()),
                    ));
                }
            },
        };
        for n in names {
            let Value::Str(n) = n else {
                return Err(self.type_error(format!(
                    "Item in {name}.__all__ must be str, not {}",
                    n.type_name()
                )));
            };
            let v = self.get_attr(module, &n)?;
            self.store_name(&n, v);
        }
        Ok(())
    }

    /// An `ImportError` (not raised yet) with `name` and `path`.
    fn import_error_value(&self, message: &str, name: Option<&str>, path: Option<&str>) -> Unwind {
        let e = self.exception_value("ImportError", message);
        if let Value::Instance(i) = &e {
            i.set("name", name.map_or(Value::None, Value::str));
            i.set("path", path.map_or(Value::None, Value::str));
        }
        self.raise_value(e)
    }

    /// `ModuleNotFoundError: No module named 'x'`, with a hint of what Retort provides.
    fn module_not_found(&self, name: &str) -> Unwind {
        let e = self.exception_value("ModuleNotFoundError", format!("No module named '{name}'"));
        let mut available: Vec<String> = self
            .resolver
            .as_ref()
            .map(|r| r.available())
            .unwrap_or_default();
        available.extend(crate::stdlib::MODULES.iter().map(|s| s.to_string()));
        available.sort();
        available.dedup();
        if let Value::Instance(i) = &e {
            i.set("name", Value::str(name));
            i.set("path", Value::None);
            i.set(
                "__hint__",
                Value::str(&format!(
                    "scripts run in Retort's sandbox, which has no other Python packages; Retort supports: {}, and the project's own modules",
                    available.join(", ")
                )),
            );
        }
        self.raise_value(e)
    }

    /// `ImportError: cannot import name 'x' from 'm' (path)`.
    fn cannot_import(&self, module_name: &str, module: &Value, name: &str) -> Unwind {
        let file = match module {
            Value::Module(m) => match m.get("__file__") {
                Some(Value::Str(f)) => Some(f.to_string()),
                _ => None,
            },
            _ => None,
        };
        let partial = if self.initializing.iter().any(|m| m == module_name) {
            "partially initialized module "
        } else {
            ""
        };
        let circular = if partial.is_empty() {
            ""
        } else {
            " (most likely due to a circular import)"
        };
        let message = format!(
            "cannot import name '{name}' from {partial}'{module_name}'{circular} ({})",
            file.as_deref().unwrap_or("unknown location")
        );
        let u = self.import_error_value(&message, Some(module_name), file.as_deref());
        if file.is_none()
            && let Unwind::Exception(e) = &u
            && let Value::Instance(i) = &e.value
        {
            i.set(
                "__hint__",
                Value::str(&format!(
                    "Retort provides a subset of '{module_name}'; this name is not part of it yet"
                )),
            );
        }
        u
    }
}

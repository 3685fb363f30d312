//! `engine.url`: SQLAlchemy's `URL`, parsed as `make_url` parses a string and printed as
//! SQLAlchemy prints it (the password masked).

use std::rc::Rc;

use retort_pyscript::{Args, Dict, EvalResult, HostObject, Interp, Value};

use super::args::Bound;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Url {
    pub drivername: String,
    pub username: Option<String>,
    pub password: Option<String>,
    pub host: Option<String>,
    pub port: Option<i64>,
    pub database: Option<String>,
    pub query: Vec<(String, String)>,
}

impl Url {
    /// `make_url(text)`, for the URL forms SQLAlchemy accepts:
    /// `name[+driver]://[user[:password]@][host][:port][/database][?query]`.
    pub fn parse(text: &str) -> Url {
        let (drivername, rest) = text.split_once("://").unwrap_or((text, ""));
        let (rest, query) = match rest.split_once('?') {
            Some((r, q)) => (r, q),
            None => (rest, ""),
        };
        let (netloc, database) = match rest.split_once('/') {
            Some((n, d)) => (n, Some(d.to_owned())),
            None => (rest, None),
        };
        let (auth, hostport) = match netloc.rsplit_once('@') {
            Some((a, h)) => (Some(a), h),
            None => (None, netloc),
        };
        let (username, password) = match auth {
            Some(a) => match a.split_once(':') {
                Some((u, p)) => (Some(unquote(u)), Some(unquote(p))),
                None => (Some(unquote(a)), None),
            },
            None => (None, None),
        };
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) if p.parse::<i64>().is_ok() => (h, p.parse().ok()),
            _ => (hostport, None),
        };
        Url {
            drivername: drivername.to_owned(),
            username,
            password,
            host: (!host.is_empty()).then(|| host.to_owned()),
            port,
            database: database.filter(|d| !d.is_empty()),
            query: query
                .split('&')
                .filter(|kv| !kv.is_empty())
                .map(|kv| {
                    let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                    (unquote(k), unquote(v))
                })
                .collect(),
        }
    }

    pub(crate) fn backend_name(&self) -> &str {
        self.drivername.split('+').next().unwrap_or_default()
    }

    /// The driver, or the dialect's default one (pysqlite for SQLite).
    pub(crate) fn driver_name(&self) -> String {
        match self.drivername.split_once('+') {
            Some((_, d)) => d.to_owned(),
            None if self.backend_name() == "sqlite" => "pysqlite".into(),
            None => self.backend_name().to_owned(),
        }
    }

    /// `url.render_as_string(hide_password=...)`; `str(url)` hides it.
    pub fn render(&self, hide_password: bool) -> String {
        let mut s = format!("{}://", self.drivername);
        if let Some(u) = &self.username {
            s += &quote(u);
            if let Some(p) = &self.password {
                s.push(':');
                s += if hide_password { "***" } else { p };
            }
            s.push('@');
        }
        if let Some(h) = &self.host {
            if h.contains(':') {
                s += &format!("[{h}]");
            } else {
                s += h;
            }
        }
        if let Some(p) = self.port {
            s += &format!(":{p}");
        }
        if let Some(d) = &self.database {
            s.push('/');
            s += d;
        }
        if !self.query.is_empty() {
            s.push('?');
            s += &self
                .query
                .iter()
                .map(|(k, v)| format!("{}={}", quote(k), quote(v)))
                .collect::<Vec<_>>()
                .join("&");
        }
        s
    }
}

fn unquote(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn quote(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            ':' | '@' | '/' | '%' | '?' | '#' | '&' | '=' | ' ' => format!("%{:02X}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

fn opt(v: &Option<String>) -> Value {
    v.as_deref().map_or(Value::None, Value::str)
}

impl HostObject for Url {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    fn type_name(&self) -> String {
        "URL".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        let me = self.clone();
        Ok(Some(match name {
            "drivername" => Value::str(&self.drivername),
            "username" => opt(&self.username),
            "password" => opt(&self.password),
            "host" => opt(&self.host),
            "port" => self.port.map_or(Value::None, Value::Int),
            "database" => opt(&self.database),
            "query" => {
                let mut d = Dict::new();
                for (k, v) in &self.query {
                    d.insert(Value::str(k), Value::str(v)).ok();
                }
                Value::dict(d)
            }
            "get_backend_name" => {
                Value::native(name, move |_, _| Ok(Value::str(me.backend_name())))
            }
            "get_driver_name" => Value::native(name, move |_, _| Ok(Value::str(&me.driver_name()))),
            "get_dialect" => Value::native(name, |_, _| Ok(Value::host(super::conn::Dialect))),
            "render_as_string" => Value::native(name, move |interp, a| {
                let hide = match a.arg(0, "hide_password") {
                    Some(v) => interp.truthy(v)?,
                    None => true,
                };
                Ok(Value::str(&me.render(hide)))
            }),
            "set" => Value::native(name, move |_, a| {
                let mut u = (*me).clone();
                for (k, v) in &a.keywords {
                    let s = v.as_str().map(str::to_owned);
                    match &**k {
                        "drivername" => u.drivername = s.unwrap_or_default(),
                        "username" => u.username = s,
                        "password" => u.password = s,
                        "host" => u.host = s,
                        "database" => u.database = s,
                        "port" => {
                            u.port = match v {
                                Value::Int(i) => Some(*i),
                                _ => None,
                            }
                        }
                        _ => {}
                    }
                }
                Ok(Value::host(u))
            }),
            _ => return Ok(None),
        }))
    }
    fn repr(&self) -> String {
        self.render(true)
    }
    fn binary_op(
        self: Rc<Self>,
        _: &mut Interp,
        op: retort_pyscript::Op,
        other: &Value,
        _: bool,
    ) -> EvalResult<Option<Value>> {
        let same = other.downcast_host::<Url>().is_some_and(|o| *o == *self);
        Ok(match op {
            retort_pyscript::Op::Eq => Some(Value::Bool(same)),
            retort_pyscript::Op::Ne => Some(Value::Bool(!same)),
            _ => None,
        })
    }
}

/// `sqlalchemy.engine.URL` (also `sqlalchemy.URL`): the class, for `URL.create(...)` and
/// `isinstance`. (A project's config builds its URL with it; its revisions then ask
/// `url.drivername == "sqlite"`.)
pub struct UrlClass;

impl HostObject for UrlClass {
    fn library(&self) -> Option<&'static str> {
        Some("SQLAlchemy")
    }
    fn type_name(&self) -> String {
        "type".into()
    }
    fn get_attr(self: Rc<Self>, _: &mut Interp, name: &str) -> EvalResult<Option<Value>> {
        Ok(match name {
            "create" => Some(Value::native("create", create)),
            "__name__" | "__qualname__" => Some(Value::str("URL")),
            _ => None,
        })
    }
    fn instance_check(&self, value: &Value) -> Option<bool> {
        Some(value.downcast_host::<Url>().is_some())
    }
    fn repr(&self) -> String {
        "<class 'sqlalchemy.engine.url.URL'>".into()
    }
}

/// `URL.create(drivername, username=None, password=None, host=None, port=None,
/// database=None, query={})`.
fn create(interp: &mut Interp, args: Args) -> EvalResult {
    const NAMES: &[&str] = &[
        "drivername",
        "username",
        "password",
        "host",
        "port",
        "database",
        "query",
    ];
    let b = Bound::new(interp, "create", NAMES, args, false)?;
    let mut url = Url {
        drivername: b.required_str(interp, "drivername")?,
        username: b.str(interp, "username")?,
        password: b.str(interp, "password")?,
        host: b.str(interp, "host")?,
        port: b.int(interp, "port")?,
        database: b.str(interp, "database")?,
        query: Vec::new(),
    };
    if let Some(q) = b.get("query").filter(|q| !q.is_none()).cloned() {
        for k in interp.iterate(&q)? {
            let v = interp.get_item(&q, &k)?;
            url.query
                .push((retort_pyscript::to_str(&k), retort_pyscript::to_str(&v)));
        }
    }
    Ok(Value::host(url))
}

/// `make_url(text_or_url)`.
pub fn make_url() -> Value {
    Value::native("make_url", |_, a: Args| match a.arg(0, "name_or_url") {
        Some(Value::Str(s)) => Ok(Value::host(Url::parse(s))),
        Some(other) => Ok(other.clone()),
        None => Ok(Value::None),
    })
}

#[cfg(test)]
mod tests {
    use super::Url;

    #[test]
    fn urls_parse_and_print_as_sqlalchemy_does() {
        let u = Url::parse("sqlite:////tmp/x/db.sqlite");
        assert_eq!(u.drivername, "sqlite");
        assert_eq!(u.database.as_deref(), Some("/tmp/x/db.sqlite"));
        assert_eq!(u.render(true), "sqlite:////tmp/x/db.sqlite");
        assert_eq!(u.driver_name(), "pysqlite");
        let u = Url::parse("sqlite+aiosqlite:///data/bot.db");
        assert_eq!(u.backend_name(), "sqlite");
        assert_eq!(u.driver_name(), "aiosqlite");
        assert_eq!(u.database.as_deref(), Some("data/bot.db"));
        let u = Url::parse("postgresql+psycopg2://scott:tiger@localhost:5432/test?sslmode=require");
        assert_eq!(
            u.render(true),
            "postgresql+psycopg2://scott:***@localhost:5432/test?sslmode=require"
        );
        assert_eq!(
            u.render(false),
            "postgresql+psycopg2://scott:tiger@localhost:5432/test?sslmode=require"
        );
        assert_eq!(u.port, Some(5432));
        assert_eq!(Url::parse("sqlite://").database, None);
    }
}

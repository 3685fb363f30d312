//! Reading dates and times from text: `strptime` as `_strptime` does it, and the ISO 8601
//! forms `fromisoformat` takes.

use super::*;

/// `datetime.strptime(text, format)`, as `_strptime` does it: the format made a regular
/// expression (case-insensitive, a run of whitespace matching any), the fields read from
/// the match.
pub(super) fn strptime(it: &Interp, text: &str, format: &str) -> EvalResult<DateTime> {
    let mut pattern = String::from("(?i)^");
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            while chars.peek().is_some_and(|c| c.is_whitespace()) {
                chars.next();
            }
            pattern.push_str(r"\s+");
            continue;
        }
        if c != '%' {
            pattern.push_str(&regex_lite::escape(&c.to_string()));
            continue;
        }
        let Some(d) = chars.next() else {
            return Err(it.value_error(format!("stray % in format '{format}'")));
        };
        let names = |list: &[&str], abbr: bool| {
            list.iter()
                .map(|n| if abbr { &n[..3] } else { n })
                .collect::<Vec<_>>()
                .join("|")
        };
        let group = match d {
            'd' => r"3[01]|[12]\d|0[1-9]|[1-9]| [1-9]".to_owned(),
            'f' => r"[0-9]{1,6}".to_owned(),
            'H' => r"2[0-3]|[0-1]\d|\d".to_owned(),
            'I' => r"1[0-2]|0[1-9]|[1-9]".to_owned(),
            'j' => r"36[0-6]|3[0-5]\d|[12]\d\d|0[1-9]\d|00[1-9]|[1-9]\d|0[1-9]|[1-9]".to_owned(),
            'm' => r"1[0-2]|0[1-9]|[1-9]".to_owned(),
            'M' => r"[0-5]\d|\d".to_owned(),
            'S' => r"6[0-1]|[0-5]\d|\d".to_owned(),
            'w' => r"[0-6]".to_owned(),
            'u' => r"[1-7]".to_owned(),
            'y' => r"\d\d".to_owned(),
            'Y' => r"\d\d\d\d".to_owned(),
            'z' => r"[+-]\d\d:?[0-5]\d(?::?[0-5]\d(?:\.\d{1,6})?)?|Z".to_owned(),
            'Z' => r"utc|gmt".to_owned(),
            'p' => r"am|pm".to_owned(),
            'a' => names(&DAY_NAMES, true),
            'A' => names(&DAY_NAMES, false),
            'b' => names(&MONTH_NAMES, true),
            'B' => names(&MONTH_NAMES, false),
            '%' => {
                pattern.push('%');
                continue;
            }
            other => {
                return Err(
                    it.value_error(format!("'{other}' is a bad directive in format '%{other}'"))
                );
            }
        };
        // Group names are letters; `%A` and `%a` need distinct ones.
        let gname = if d.is_ascii_uppercase() {
            format!("U{d}")
        } else {
            format!("L{d}")
        };
        pattern.push_str(&format!("(?P<{gname}>{group})"));
    }
    let mismatch = || {
        it.value_error(format!(
            "time data {} does not match format {}",
            repr(&Value::str(text)),
            repr(&Value::str(format))
        ))
    };
    let re = regex_lite::Regex::new(&pattern).map_err(|_| mismatch())?;
    let caps = re.captures(text).ok_or_else(mismatch)?;
    let end = caps.get(0).map_or(0, |m| m.end());
    if end != text.len() {
        return Err(it.value_error(format!("unconverted data remains: {}", &text[end..])));
    }
    let get = |d: char| {
        let gname = if d.is_ascii_uppercase() {
            format!("U{d}")
        } else {
            format!("L{d}")
        };
        caps.name(&gname).map(|m| m.as_str().to_owned())
    };
    let num = |d: char| get(d).map(|s| s.trim().parse::<i64>().unwrap_or(0));
    let position = |list: &[&str], s: &str, abbr: bool| {
        list.iter().position(|n| {
            let n = if abbr { &n[..3] } else { n };
            n.eq_ignore_ascii_case(s)
        })
    };
    let mut year = 1900;
    if let Some(y) = num('y') {
        year = if y <= 68 { y + 2000 } else { y + 1900 };
    }
    if let Some(y) = num('Y') {
        year = y;
    }
    let mut month = num('m');
    if let Some(b) = get('b') {
        month = position(&MONTH_NAMES, &b, true).map(|i| i as i64 + 1);
    }
    if let Some(b) = get('B') {
        month = position(&MONTH_NAMES, &b, false).map(|i| i as i64 + 1);
    }
    let mut day = num('d');
    let mut hour = num('H').unwrap_or(0);
    if let Some(h) = num('I') {
        let pm = get('p').is_some_and(|p| p.eq_ignore_ascii_case("pm"));
        hour = match (h, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
    }
    let minute = num('M').unwrap_or(0);
    let second = num('S').unwrap_or(0);
    let micro = get('f').map_or(0, |f| format!("{f:0<6}").parse::<i64>().unwrap_or(0));
    let tz = match get('z') {
        None => None,
        Some(z) if z.eq_ignore_ascii_case("z") => Some(0),
        Some(z) => {
            let sign = if z.starts_with('-') { -1 } else { 1 };
            let digits: String = z[1..].chars().filter(|c| *c != ':').collect();
            let field = |r: std::ops::Range<usize>| {
                digits
                    .get(r)
                    .and_then(|s| s.parse::<i32>().ok())
                    .unwrap_or(0)
            };
            Some(sign * (field(0..2) * 3600 + field(2..4) * 60 + field(4..6)))
        }
    };
    if let (Some(j), None, None) = (num('j'), month, day) {
        let ord = ordinal(year, 1, 1) + j - 1;
        let (y, m, d) = civil_from_days(ord - EPOCH_ORDINAL);
        year = y;
        month = Some(m as i64);
        day = Some(d as i64);
    }
    let (month, day) = (month.unwrap_or(1), day.unwrap_or(1));
    check_date(it, year, month, day)?;
    if second > 59 {
        return Err(it.value_error("second must be in 0..59"));
    }
    Ok(DateTime {
        micros: DateTime::from_parts(
            year,
            month as u32,
            day as u32,
            hour as u32,
            minute as u32,
            second as u32,
            micro as u32,
        ),
        date_only: false,
        tz,
    })
}

pub(super) fn parse_iso(s: &str, date_only: bool) -> Option<DateTime> {
    let s = s.trim();
    let (date, time) = match s.find(['T', ' ']) {
        Some(p) => (&s[..p], Some(&s[p + 1..])),
        None => (s, None),
    };
    let mut dp = date.split('-');
    let y: i64 = dp.next()?.parse().ok()?;
    let m: u32 = dp.next()?.parse().ok()?;
    let d: u32 = dp.next()?.parse().ok()?;
    let (mut h, mut mi, mut sec, mut us, mut tz) = (0, 0, 0, 0, None);
    if let Some(t) = time {
        let (t, zone) = match t.find(['+', '-', 'Z']) {
            Some(p) => (&t[..p], Some(&t[p..])),
            None => (t, None),
        };
        tz = match zone {
            None => None,
            Some("Z") => Some(0),
            Some(z) => {
                let sign = if z.starts_with('-') { -1 } else { 1 };
                let mut parts = z[1..].split(':');
                let hh: i32 = parts.next()?.parse().ok()?;
                let mm: i32 = parts.next().unwrap_or("0").parse().ok()?;
                Some(sign * (hh * 3600 + mm * 60))
            }
        };
        let (hms, frac) = t.split_once('.').unwrap_or((t, ""));
        let mut tp = hms.split(':');
        h = tp.next()?.parse().ok()?;
        mi = tp.next().unwrap_or("0").parse().ok()?;
        sec = tp.next().unwrap_or("0").parse().ok()?;
        if !frac.is_empty() {
            us = format!("{frac:0<6}")[..6].parse().ok()?;
        }
    }
    Some(DateTime {
        micros: DateTime::from_parts(y, m, d, h, mi, sec, us),
        date_only,
        tz,
    })
}

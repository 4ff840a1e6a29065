//! String formats: `valuetype`/`subtype` checks and the schema's `format` regexes (compiled once
//! each and cached; a regex that does not compile is reported, never skipped).

use std::collections::HashMap;
use std::sync::{OnceLock, RwLock};

use regex::Regex;

fn is_hostname(s: &str) -> bool {
    let s = s.strip_suffix('.').unwrap_or(s);
    !s.is_empty()
        && s.len() <= 253
        && s.split('.')
            .all(|l| !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-') && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}

fn is_url(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else { return false };
    let mut chars = scheme.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !s.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`'))
}

fn is_email(s: &str) -> bool {
    match s.rsplit_once('@') {
        Some((local, domain)) => !local.is_empty() && !local.chars().any(|c| c.is_whitespace() || c == '@') && is_hostname(domain) && domain.contains('.'),
        None => false,
    }
}

fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36 && b.iter().enumerate().all(|(i, c)| if matches!(i, 8 | 13 | 18 | 23) { *c == b'-' } else { c.is_ascii_hexdigit() })
}

fn digits(s: &str, n: usize) -> Option<u32> {
    (s.len() == n && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
}

/// RFC 3339 date-time (`2024-05-01T08:00:00Z`, fractional seconds and offsets allowed).
pub(crate) fn is_timestamp(s: &str) -> bool {
    let Some((date, time)) = s.split_once(['T', 't']) else { return false };
    let mut d = date.split('-');
    let (Some(_), Some(m), Some(day), None) =
        (d.next().and_then(|y| digits(y, 4)), d.next().and_then(|m| digits(m, 2)), d.next().and_then(|x| digits(x, 2)), d.next())
    else {
        return false;
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return false;
    }
    let (clock, zone_ok) = if let Some(c) = time.strip_suffix(['Z', 'z']) {
        (c, true)
    } else if let Some(i) = time.rfind(['+', '-']) {
        let zone = &time[i + 1..];
        let ok = zone.split_once(':').is_some_and(|(h, m)| digits(h, 2).is_some_and(|h| h < 24) && digits(m, 2).is_some_and(|m| m < 60));
        (&time[..i], ok)
    } else {
        return false;
    };
    let clock = clock.split_once('.').map_or(clock, |(c, frac)| if !frac.is_empty() && frac.bytes().all(|b| b.is_ascii_digit()) { c } else { "x" });
    let mut t = clock.split(':');
    let ok = matches!((t.next().and_then(|x| digits(x, 2)), t.next().and_then(|x| digits(x, 2)), t.next().and_then(|x| digits(x, 2)), t.next()), (Some(h), Some(mi), Some(se), None) if h < 24 && mi < 60 && se <= 60);
    zone_ok && ok
}

fn is_localtime(s: &str) -> bool {
    let mut t = s.split(':');
    matches!((t.next().and_then(|x| digits(x, 2)), t.next().and_then(|x| digits(x, 2)), t.next()), (Some(h), Some(m), None) if h < 24 && m < 60)
}

/// Whether `s` is a valid `valuetype`; `None` for a value type this crate does not know (not
/// checked).
pub(crate) fn check_valuetype(valuetype: &str, s: &str) -> Option<bool> {
    Some(match valuetype {
        "url" => is_url(s),
        "hostname" | "domain" => is_hostname(s),
        "domain-prefix" => is_hostname(s.strip_prefix('.').unwrap_or(s)),
        "email" => is_email(s),
        "uuid" => is_uuid(s),
        "timestamp" => is_timestamp(s),
        "localtime" => is_localtime(s),
        "regex" => Regex::new(s).is_ok(),
        _ => return None,
    })
}

type Cache = RwLock<HashMap<&'static str, Result<Regex, String>>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// Whether `s` matches the schema regex `pattern` (searched, not anchored, as JSON Schema's
/// `pattern`); `Err` with the compile error when the schema's regex does not compile.
pub(crate) fn matches_format(pattern: &'static str, s: &str) -> Result<bool, String> {
    if let Ok(map) = cache().read() {
        if let Some(r) = map.get(pattern) {
            return r.as_ref().map(|re| re.is_match(s)).map_err(Clone::clone);
        }
    }
    let compiled = Regex::new(pattern).map_err(|e| e.to_string());
    let out = compiled.as_ref().map(|re| re.is_match(s)).map_err(Clone::clone);
    if let Ok(mut map) = cache().write() {
        map.insert(pattern, compiled);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_types() {
        assert_eq!(check_valuetype("url", "https://example.com/a?b=c"), Some(true));
        assert_eq!(check_valuetype("url", "not a url"), Some(false));
        assert_eq!(check_valuetype("hostname", "mdm.example.com"), Some(true));
        assert_eq!(check_valuetype("hostname", "-bad-.example"), Some(false));
        assert_eq!(check_valuetype("email", "admin@example.com"), Some(true));
        assert_eq!(check_valuetype("email", "admin"), Some(false));
        assert_eq!(check_valuetype("uuid", "0B4D5F1C-2A3E-4F60-8A9B-1C2D3E4F5A6B"), Some(true));
        assert_eq!(check_valuetype("uuid", "0B4D5F1C"), Some(false));
        assert_eq!(check_valuetype("timestamp", "2024-05-01T08:00:00Z"), Some(true));
        assert_eq!(check_valuetype("timestamp", "2024-05-01T08:00:00.123+02:00"), Some(true));
        assert_eq!(check_valuetype("timestamp", "2024-13-01T08:00:00Z"), Some(false));
        assert_eq!(check_valuetype("localtime", "08:30"), Some(true));
        assert_eq!(check_valuetype("regex", "a(b"), Some(false));
        assert_eq!(check_valuetype("somethingnew", "x"), None);
        assert_eq!(matches_format("^[0-9]+$", "123"), Ok(true));
        assert_eq!(matches_format("^[0-9]+$", "12a"), Ok(false));
        assert!(matches_format("(", "x").is_err());
    }
}

//! String formats: `valuetype`/`subtype` checks and the schema's `format` regexes (compiled once
//! each and cached; a regex that does not compile is reported, never skipped).

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::{Mutex, OnceLock};

use regex::Regex;

use super::index::AddressHasher;

/// A host name as RFC 1123 and JSON Schema's `hostname` format read it: dot-separated labels of
/// letters, digits and hyphens, 1 to 63 long, no hyphen first or last, 253 characters at most,
/// no trailing dot; a label with `--` in its third and fourth place must be an A-label
/// (`xn--…`, RFC 5891; its Punycode is not decoded here).
fn is_hostname(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|l| {
            let b = l.as_bytes();
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
                && !(b.len() >= 4 && &b[2..4] == b"--" && !b[..2].eq_ignore_ascii_case(b"xn"))
        })
}

/// A DNS domain: a host name, the root's trailing dot allowed.
fn is_domain(s: &str) -> bool {
    is_hostname(s.strip_suffix('.').unwrap_or(s))
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn is_sub_delim(b: u8) -> bool {
    matches!(b, b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=')
}

fn is_pchar(b: u8) -> bool {
    is_unreserved(b) || is_sub_delim(b) || matches!(b, b':' | b'@')
}

/// The end of the run of bytes from `at` that `allowed` accepts, percent-encodings included;
/// `None` on a broken percent-encoding.
fn scan(bytes: &[u8], mut at: usize, allowed: impl Fn(u8) -> bool) -> Option<usize> {
    while let Some(&b) = bytes.get(at) {
        if allowed(b) {
            at += 1;
        } else if b == b'%' {
            if !bytes.get(at + 1..at + 3)?.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            at += 3;
        } else {
            break;
        }
    }
    Some(at)
}

/// RFC 3986 `authority`: `[ userinfo "@" ] host [ ":" port ]`.
fn is_authority(a: &[u8]) -> bool {
    let (userinfo, host_port) = match a.iter().position(|&b| b == b'@') {
        Some(i) => (&a[..i], &a[i + 1..]),
        None => (&a[..0], a),
    };
    if scan(userinfo, 0, |b| is_unreserved(b) || is_sub_delim(b) || b == b':') != Some(userinfo.len()) {
        return false;
    }
    let port_ok = |p: &[u8]| p.is_empty() || (p[0] == b':' && p[1..].iter().all(u8::is_ascii_digit));
    if let Some(literal) = host_port.strip_prefix(b"[") {
        let Some(close) = literal.iter().position(|&b| b == b']') else { return false };
        let (inside, rest) = (&literal[..close], &literal[close + 1..]);
        let ip_ok = match inside.split_first() {
            // IPvFuture: "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
            Some((b'v' | b'V', future)) => match future.iter().position(|&b| b == b'.') {
                Some(dot) => {
                    dot > 0
                        && future[..dot].iter().all(u8::is_ascii_hexdigit)
                        && dot + 1 < future.len()
                        && future[dot + 1..].iter().all(|&b| is_unreserved(b) || is_sub_delim(b) || b == b':')
                }
                None => false,
            },
            _ => std::str::from_utf8(inside).is_ok_and(|t| t.parse::<std::net::Ipv6Addr>().is_ok()),
        };
        return ip_ok && port_ok(rest);
    }
    let host_end = scan(host_port, 0, |b| is_unreserved(b) || is_sub_delim(b));
    host_end.is_some_and(|end| port_ok(&host_port[end..]))
}

/// An absolute URI (RFC 3986 `URI`, as JSON Schema's `uri` format): a scheme, then an
/// authority and path, a query and a fragment of the characters each allows (ASCII only,
/// percent-encodings well formed, a port of digits).
fn is_url(s: &str) -> bool {
    let b = s.as_bytes();
    let Some(colon) = b.iter().position(|&c| c == b':') else { return false };
    let scheme = &b[..colon];
    if !scheme.first().is_some_and(u8::is_ascii_alphabetic) || !scheme.iter().all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.')) {
        return false;
    }
    let mut at = colon + 1;
    if b[at..].starts_with(b"//") {
        let start = at + 2;
        let end = b[start..].iter().position(|&c| matches!(c, b'/' | b'?' | b'#')).map_or(b.len(), |p| start + p);
        if !is_authority(&b[start..end]) {
            return false;
        }
        at = end;
    }
    let Some(end) = scan(b, at, |c| is_pchar(c) || c == b'/') else { return false };
    at = end;
    for delimiter in [b'?', b'#'] {
        if b.get(at) == Some(&delimiter) {
            let Some(end) = scan(b, at + 1, |c| is_pchar(c) || matches!(c, b'/' | b'?')) else { return false };
            at = end;
        }
    }
    at == b.len()
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

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// RFC 3339 date-time (`2024-05-01T08:00:00Z`, fractional seconds and offsets allowed): the
/// day must exist in its month, and a leap second (`:60`) is only 23:59:60 in UTC.
pub(crate) fn is_timestamp(s: &str) -> bool {
    let Some((date, time)) = s.split_once(['T', 't']) else { return false };
    let mut d = date.split('-');
    let (Some(year), Some(m), Some(day), None) =
        (d.next().and_then(|y| digits(y, 4)), d.next().and_then(|m| digits(m, 2)), d.next().and_then(|x| digits(x, 2)), d.next())
    else {
        return false;
    };
    if !(1..=12).contains(&m) || !(1..=days_in_month(year, m)).contains(&day) {
        return false;
    }
    // The offset east of UTC, in minutes.
    let (clock, offset) = if let Some(c) = time.strip_suffix(['Z', 'z']) {
        (c, Some(0i64))
    } else if let Some(i) = time.rfind(['+', '-']) {
        let zone = &time[i + 1..];
        let minutes = zone.split_once(':').and_then(|(h, m)| match (digits(h, 2), digits(m, 2)) {
            (Some(h), Some(m)) if h < 24 && m < 60 => Some(i64::from(h * 60 + m)),
            _ => None,
        });
        (&time[..i], minutes.map(|x| if time.as_bytes()[i] == b'-' { -x } else { x }))
    } else {
        return false;
    };
    let Some(offset) = offset else { return false };
    let clock = clock.split_once('.').map_or(clock, |(c, frac)| if !frac.is_empty() && frac.bytes().all(|b| b.is_ascii_digit()) { c } else { "x" });
    let mut t = clock.split(':');
    match (t.next().and_then(|x| digits(x, 2)), t.next().and_then(|x| digits(x, 2)), t.next().and_then(|x| digits(x, 2)), t.next()) {
        (Some(h), Some(mi), Some(se), None) if h < 24 && mi < 60 && se <= 60 => {
            se < 60 || (i64::from(h * 60 + mi) - offset).rem_euclid(24 * 60) == 23 * 60 + 59
        }
        _ => false,
    }
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
        "hostname" => is_hostname(s),
        "domain" => is_domain(s),
        "domain-prefix" => is_domain(s.strip_prefix('.').unwrap_or(s)),
        "email" => is_email(s),
        "uuid" => is_uuid(s),
        "timestamp" => is_timestamp(s),
        "localtime" => is_localtime(s),
        "regex" => Regex::new(s).is_ok(),
        _ => return None,
    })
}

/// A schema regex compiled (or why it does not compile), for as long as the program runs: one
/// per pattern of the generated tables, which are `'static` too.
type Compiled = &'static Result<Regex, String>;

/// Compiled patterns by their text, shared by every thread …
fn shared() -> &'static Mutex<HashMap<&'static str, Compiled>> {
    static SHARED: OnceLock<Mutex<HashMap<&'static str, Compiled>>> = OnceLock::new();
    SHARED.get_or_init(Default::default)
}

thread_local! {
    /// … and by the pattern's address, per thread: a string with a format looks its regex up
    /// without a lock or hashing the pattern's text (which showed in the report benchmark).
    static LOCAL: RefCell<HashMap<(usize, usize), Compiled, BuildHasherDefault<AddressHasher>>> = RefCell::default();
}

fn compiled(pattern: &'static str) -> Compiled {
    let id = (pattern.as_ptr() as usize, pattern.len());
    if let Some(found) = LOCAL.with(|m| m.borrow().get(&id).copied()) {
        return found;
    }
    let found = {
        let mut map = shared().lock().unwrap_or_else(|e| e.into_inner());
        *map.entry(pattern).or_insert_with(|| Box::leak(Box::new(Regex::new(pattern).map_err(|e| e.to_string()))))
    };
    LOCAL.with(|m| m.borrow_mut().insert(id, found));
    found
}

/// Whether `s` matches the schema regex `pattern` (searched, not anchored, as JSON Schema's
/// `pattern`); `Err` with the compile error when the schema's regex does not compile.
pub(crate) fn matches_format(pattern: &'static str, s: &str) -> Result<bool, String> {
    compiled(pattern).as_ref().map(|re| re.is_match(s)).map_err(Clone::clone)
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
        // URLs are RFC 3986 URIs, as JSON Schema's `uri` format.
        for good in ["https://[::1]:8443/a?b#c", "mailto:admin@example.com", "https://u:p@mdm.example.com:443/%20x", "urn:isbn:0451450523"] {
            assert_eq!(check_valuetype("url", good), Some(true), "{good}");
        }
        for bad in [
            "https://exa mple.com/",
            "https://mdm.example.com/%zz",
            "https://mdm.example.com:port/",
            "https://ex\u{e4}mple.com/",
            "https://[::1/",
            "1https://x",
        ] {
            assert_eq!(check_valuetype("url", bad), Some(false), "{bad}");
        }
        // Host names as RFC 1123 / JSON Schema's `hostname`; a domain may end with the root's dot.
        assert_eq!(check_valuetype("hostname", "mdm.example.com."), Some(false));
        assert_eq!(check_valuetype("domain", "example.com."), Some(true));
        assert_eq!(check_valuetype("hostname", "ab--cd.example.com"), Some(false));
        assert_eq!(check_valuetype("hostname", "xn--bcher-kva.example"), Some(true));
        // Days exist in their month; a leap second is 23:59:60 UTC.
        assert_eq!(check_valuetype("timestamp", "2023-02-29T08:00:00Z"), Some(false));
        assert_eq!(check_valuetype("timestamp", "2024-02-29T08:00:00Z"), Some(true));
        assert_eq!(check_valuetype("timestamp", "2024-04-31T08:00:00Z"), Some(false));
        assert_eq!(check_valuetype("timestamp", "2016-12-31T23:59:60Z"), Some(true));
        assert_eq!(check_valuetype("timestamp", "2016-12-31T15:59:60-08:00"), Some(true));
        assert_eq!(check_valuetype("timestamp", "2016-12-31T12:59:60Z"), Some(false));
        assert_eq!(check_valuetype("regex", "a(b"), Some(false));
        assert_eq!(check_valuetype("somethingnew", "x"), None);
        assert_eq!(matches_format("^[0-9]+$", "123"), Ok(true));
        assert_eq!(matches_format("^[0-9]+$", "12a"), Ok(false));
        assert!(matches_format("(", "x").is_err());
    }
}

//! Properties of `check` over random contexts and randomly populated values of real schemas:
//! a key available on version V stays available on every later version until its removal,
//! and nothing the table says is unavailable goes unreported.

use std::collections::BTreeMap;

use apple_device_management::runtime::availability::*;
use apple_device_management::{checkin, commands, declarations, other, profiles, status};
use plist::{Dictionary, Value};
use proptest::prelude::*;

/// A spread of schemas: commands with nested items and unions, big and recursive profiles, free-form
/// maps, DDM declarations with enrollments and scopes, odd `supportedOS` values.
fn tables() -> Vec<&'static SchemaTable> {
    vec![
        &commands::system_update_schedule::SCHEMA,
        &commands::system_update_scan::SCHEMA,
        &commands::settings::SCHEMA,
        &commands::information_device::SCHEMA,
        &commands::device_lock::SCHEMA,
        &commands::device_erase::SCHEMA,
        &commands::application_install::SCHEMA,
        &checkin::tokenupdate::SCHEMA,
        &profiles::com_apple_applicationaccess::SCHEMA,
        &profiles::com_apple_applicationaccess_new::SCHEMA,
        &profiles::com_apple_homescreenlayout::SCHEMA,
        &profiles::com_apple_wifi_managed::SCHEMA,
        &profiles::com_apple_vpn_managed::SCHEMA,
        &profiles::com_apple_security_firewall::SCHEMA,
        &profiles::com_apple_setup_assistant_managed::SCHEMA,
        &profiles::com_apple_mdm::SCHEMA,
        &profiles::com_apple_mobiledevice_passwordpolicy::SCHEMA,
        &profiles::com_apple_system_extension_policy::SCHEMA,
        &profiles::com_apple_tcc_configuration_profile_policy::SCHEMA,
        &profiles::com_apple_airplay::SCHEMA,
        &profiles::loginwindow::SCHEMA,
        &declarations::passcode_settings::SCHEMA,
        &declarations::account_caldav::SCHEMA,
        &declarations::softwareupdate_settings::SCHEMA,
        &declarations::legacy_interactive::SCHEMA,
        &status::device_operating_system_version::SCHEMA,
        &other::manifesturl::SCHEMA,
    ]
}

/// SplitMix64: the value's shape comes from one proptest seed, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// Every key set in the value: path → its node.
type SetKeys = BTreeMap<String, &'static KeyNode>;

fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_string()
    } else {
        format!("{prefix}.{name}")
    }
}

fn populate(keys: &'static [KeyNode], rng: &mut Rng, path: &str, depth: usize, set: &mut SetKeys) -> Dictionary {
    let mut dict = Dictionary::new();
    for k in keys {
        if k.any {
            for i in 0..rng.below(3) {
                let name = format!("free{i}");
                let p = join(path, &name);
                set.insert(p.clone(), k);
                dict.insert(name, value(k, rng, &p, depth + 1, set));
            }
        } else if k.required || rng.chance(60) {
            let p = join(path, k.name);
            set.insert(p.clone(), k);
            dict.insert(k.name.to_string(), value(k, rng, &p, depth + 1, set));
        }
    }
    dict
}

fn scalar(s: &Scalar) -> Value {
    match *s {
        Scalar::Str(s) => Value::String(s.to_string()),
        Scalar::Int(i) => Value::Integer(i.into()),
        Scalar::Real(r) => Value::Real(r),
        Scalar::Bool(b) => Value::Boolean(b),
    }
}

fn value(k: &'static KeyNode, rng: &mut Rng, path: &str, depth: usize, set: &mut SetKeys) -> Value {
    if !k.rangelist.is_empty() {
        return scalar(&k.rangelist[rng.below(k.rangelist.len() as u64) as usize]);
    }
    match k.ty {
        KeyType::String => Value::String("text".into()),
        KeyType::Integer => Value::Integer((rng.below(100) as i64).into()),
        KeyType::Real => Value::Real(1.5),
        KeyType::Boolean => Value::Boolean(rng.chance(50)),
        KeyType::Date => Value::Date(std::time::SystemTime::UNIX_EPOCH.into()),
        KeyType::Data => Value::Data(vec![1, 2, 3]),
        KeyType::Any => Value::String("any".into()),
        KeyType::Dictionary if depth > 6 => Value::Dictionary(Dictionary::new()),
        KeyType::Dictionary => Value::Dictionary(populate(k.children(), rng, path, depth, set)),
        KeyType::Array => {
            let n = if depth > 6 { 0 } else { rng.below(3) };
            let mut items = Vec::new();
            for i in 0..n {
                let p = format!("{path}[{i}]");
                let item = match k.union_tag {
                    Some(_) => {
                        let alts = k.children();
                        let alt = &alts[rng.below(alts.len() as u64) as usize];
                        set.insert(p.clone(), alt);
                        // The tag (a required key with one value) is always set by `populate`.
                        value(alt, rng, &p, depth + 1, set)
                    }
                    None => match k.children().first() {
                        Some(item) => {
                            set.insert(p.clone(), item);
                            value(item, rng, &p, depth + 1, set)
                        }
                        None => Value::String("item".into()),
                    },
                };
                items.push(item);
            }
            Value::Array(items)
        }
    }
}

/// `""`, then every proper prefix of `path` that ends before a `.` or `[`.
fn ancestors(path: &str) -> Vec<&str> {
    let mut out = vec![""];
    for (i, c) in path.char_indices() {
        if i > 0 && (c == '.' || c == '[') {
            out.push(&path[..i]);
        }
    }
    out
}

fn errors_on<'r>(report: &'r AvailabilityReport, path: &str) -> Vec<&'r AvailabilityFinding> {
    let chain = ancestors(path);
    report.errors().filter(|f| f.path == path || chain.contains(&f.path.as_str())).collect()
}

fn version() -> impl Strategy<Value = OsVersion> {
    (0u32..28, 0u32..8, 0u32..4, 1usize..=3).prop_map(|(a, b, c, n)| OsVersion::new([a, b, c][..n].to_vec()))
}

fn context() -> impl Strategy<Value = DeviceContext> {
    (0usize..5, version(), any::<bool>(), 0usize..4, any::<bool>(), any::<bool>(), any::<bool>(), prop_oneof![Just(8191u32), 0u32..8192]).prop_map(
        |(p, v, supervised, e, user_channel, shared, approved, rights)| {
            let enrollment = [Enrollment::Device, Enrollment::Automated, Enrollment::User, Enrollment::Local][e];
            DeviceContext::new(Platform::ALL[p], v)
                .supervised(supervised)
                .enrollment(enrollment)
                .channel(if user_channel { Channel::User } else { Channel::Device })
                .shared_ipad(shared)
                .user_approved_mdm(approved)
                .access_rights(AccessRights::from_bits(rights))
        },
    )
}

fn support_at(table: &SchemaTable, set: &SetKeys, path: &str) -> Option<&'static Support> {
    if path.is_empty() {
        Some(table.support)
    } else {
        set.get(path).map(|n| n.support)
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn available_keys_stay_available_until_removed(which in 0usize..27, seed in any::<u64>(), ctx in context(), later in version()) {
        let tables = tables();
        let table = tables[which % tables.len()];
        let mut set = SetKeys::new();
        let doc = Value::Dictionary(populate(table.keys, &mut Rng(seed), "", 0, &mut set));
        let (v1, v2) = if later >= ctx.version { (ctx.version.clone(), later) } else { (later, ctx.version.clone()) };
        let early = check_value(table, &doc, &ctx.clone().version(v1.clone()));
        let late = check_value(table, &doc, &ctx.clone().version(v2.clone()));
        let mut paths: Vec<&str> = set.keys().map(String::as_str).collect();
        paths.push("");
        for path in paths {
            if !errors_on(&early, path).is_empty() {
                continue;
            }
            // Available on v1: on v2 only a removal (on the key or an ancestor) may stop it,
            // and only when the table says that removal is at or before v2.
            for f in errors_on(&late, path) {
                prop_assert_eq!(f.rule, AvailabilityRule::Removed, "{} on {} {}: {} (available on {})", path, ctx.platform, v2, f, v1);
                let support = support_at(table, &set, &f.path);
                let removed = support.and_then(|s| s.get(ctx.platform)).and_then(OsSupport::removed_in);
                prop_assert!(removed.is_some_and(|r| *r <= v2), "{}: removed at {:?}, device {}", f.path, removed, v2);
            }
        }
    }

    #[test]
    fn what_the_table_rules_out_is_reported(which in 0usize..27, seed in any::<u64>(), ctx in context()) {
        let tables = tables();
        let table = tables[which % tables.len()];
        let mut set = SetKeys::new();
        let doc = Value::Dictionary(populate(table.keys, &mut Rng(seed), "", 0, &mut set));
        let report = check_value(table, &doc, &ctx);
        for (path, node) in &set {
            let unavailable = !node.support.is_available(ctx.platform, &ctx.version);
            if unavailable {
                let version_errors: Vec<&AvailabilityFinding> = errors_on(&report, path)
                    .into_iter()
                    .filter(|f| matches!(f.rule, AvailabilityRule::NotOnPlatform | AvailabilityRule::NotYetIntroduced | AvailabilityRule::Removed))
                    .collect();
                prop_assert!(!version_errors.is_empty(), "{} is not available on {} {} but nothing says so: {}", path, ctx.platform, ctx.version, report);
            }
            // Every finding names a key that is set (or the value as a whole).
            for f in &report.findings {
                prop_assert!(f.path.is_empty() || set.contains_key(&f.path), "{} is not a set key", f.path);
            }
        }
        // Checking is deterministic and a typed re-check of the same document agrees.
        prop_assert_eq!(check_value(table, &doc, &ctx), report);
    }
}

//! `dm validate --trust`: who signed a profile and whether the signature holds, in text and
//! JSON; without `--trust` the report keeps saying the signature was not verified.

use super::pki::pki;
use super::{arg, out, profile};
use crate::dm;

fn dm_signed(name: &str) -> std::path::PathBuf {
    let p = pki();
    let signed = out(name);
    let (_, err, code) = dm(&[
        "sign",
        "--cert",
        &p.path_str("leaf-ec.pem"),
        "--key",
        &p.path_str("leaf-ec.key"),
        "--chain",
        &p.path_str("intermediate.pem"),
        &arg(&profile()),
        &arg(&signed),
    ]);
    assert_eq!(code, 0, "{err}");
    signed
}

#[test]
fn validate_with_trust_names_the_signer() {
    let signed = dm_signed("validate-signed.mobileconfig");
    let (stdout, err, code) = dm(&["validate", "--trust", &pki().path_str("root.pem"), &arg(&signed)]);
    assert_eq!(code, 0, "{stdout}{err}");
    assert!(stdout.contains("profile Configuration (signed by O=DM Tests,CN=DM Test Signer P-256; signature holds, trusted): ok"), "{stdout}");
    let (stdout, _, code) = dm(&["validate", &arg(&signed)]);
    assert_eq!(code, 0);
    assert!(stdout.contains("(signed; signature not verified): ok"), "{stdout}");
}

#[test]
fn validate_with_another_root_reports_the_failure() {
    let signed = dm_signed("validate-untrusted.mobileconfig");
    let (stdout, _, code) = dm(&["validate", "--trust", &pki().path_str("other-root.pem"), &arg(&signed)]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("error[signature]: untrusted signer"), "{stdout}");
    assert!(stdout.contains("(signed; signature does not hold): 1 error, 0 warnings"), "{stdout}");
    let (stdout, _, code) = dm(&["validate", "--format", "github", "--trust", &pki().path_str("other-root.pem"), &arg(&signed)]);
    assert_eq!(code, 1);
    assert!(stdout.contains("title=signature::untrusted signer"), "{stdout}");
    let (stdout, _, code) = dm(&["validate", "--format", "sarif", "--trust", &pki().path_str("other-root.pem"), &arg(&signed)]);
    assert_eq!(code, 1);
    let log: serde_json::Value = serde_json::from_str(&stdout).expect("SARIF is JSON");
    let results = log["runs"][0]["results"].as_array().expect("results");
    let result = results.iter().find(|r| r["ruleId"] == "signature").expect("a signature result");
    let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
    assert_eq!(log["runs"][0]["tool"]["driver"]["rules"][index]["id"], "signature");
    assert!(result["message"]["text"].as_str().is_some_and(|m| m.starts_with("untrusted signer")), "{result}");
    let (stdout, _, code) = dm(&["validate", "--format", "junit", "--trust", &pki().path_str("other-root.pem"), &arg(&signed)]);
    assert_eq!(code, 1);
    assert!(stdout.contains("failures=\"1\"") && stdout.contains("<failure type=\"signature\" message=\"untrusted signer"), "{stdout}");
}

#[test]
fn validate_json_carries_the_signature() {
    let signed = dm_signed("validate-json.mobileconfig");
    let (stdout, err, code) = dm(&["validate", "--format", "json", "--trust", &pki().path_str("root.pem"), &arg(&signed)]);
    assert_eq!(code, 0, "{err}");
    let first: serde_json::Value = serde_json::from_str(stdout.lines().next().expect("a line")).expect("JSON");
    assert_eq!(first["signed"], true);
    assert_eq!(first["signature"]["holds"], true);
    assert_eq!(first["signature"]["trusted"], true);
    assert!(first["signature"]["signer"]["subject"].as_str().is_some_and(|s| s.contains("CN=DM Test Signer P-256")), "{first}");
    assert!(first["signature"]["signer"]["not_after"].as_str().is_some_and(|s| s.ends_with('Z')), "{first}");
    let (stdout, _, code) = dm(&["validate", "--format", "json", "--trust", &pki().path_str("other-root.pem"), &arg(&signed)]);
    assert_eq!(code, 1);
    let first: serde_json::Value = serde_json::from_str(stdout.lines().next().expect("a line")).expect("JSON");
    assert_eq!(first["signature"]["holds"], false);
    assert!(first["signature"]["error"].as_str().is_some_and(|s| s.contains("untrusted signer")), "{first}");
    // Without --trust there is no signature object.
    let (stdout, _, _) = dm(&["validate", "--format", "json", &arg(&signed)]);
    let first: serde_json::Value = serde_json::from_str(stdout.lines().next().expect("a line")).expect("JSON");
    assert!(first.get("signature").is_none(), "{first}");
}

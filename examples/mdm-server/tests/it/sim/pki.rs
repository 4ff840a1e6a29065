//! The tests' PKI, made with OpenSSL's command-line tool at test time, once per test run, in
//! `target/tmp`: the device CA (P-256) the servers are configured with, an unrelated CA, a
//! profile signer issued by the device CA, and one device identity (P-256 key and certificate,
//! `openssl req -x509 -CA`) per simulated device, made on first use and kept for the run.
//! `openssl` missing is a test failure that says so, never a skip.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock};

use apple_device_management::runtime::cms::{Certificate, PrivateKey, SigningIdentity};

/// The device CA: the one the test servers trust.
pub const DEVICE_CA: &str = "device-ca";
/// A CA the servers do not trust.
pub const OTHER_CA: &str = "other-ca";

/// OpenSSL's configuration for the PKI: a CA and a leaf extension section, nothing from the
/// system's configuration.
const CONFIG: &str = "[req]\ndistinguished_name = dn\n[dn]\n\
[ca]\nbasicConstraints = critical,CA:TRUE\nkeyUsage = critical,keyCertSign,cRLSign\nsubjectKeyIdentifier = hash\n\
[leaf]\nbasicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature\n";

/// A device identity: its signing identity and certificate (PEM).
pub struct DeviceCert {
    pub identity: SigningIdentity,
    pub pem: Vec<u8>,
}

/// The PKI's folder (`<name>.pem` certificates, `<name>.key` keys) and the identities made.
pub struct Pki {
    pub dir: PathBuf,
    made: Mutex<HashMap<String, Arc<DeviceCert>>>,
}

/// The test PKI, made on first use.
pub fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(Pki::make)
}

/// Runs `openssl` in `dir`; fails the test with OpenSSL's message when it fails or is missing.
fn openssl(dir: &Path, args: &[&str]) {
    let out = match Command::new("openssl").args(args).current_dir(dir).output() {
        Ok(out) => out,
        Err(e) => panic!(
            "the device identity tests run OpenSSL's command-line tool, and `openssl` could not be run ({e}): \
             install it (apt-get install openssl; .ci/run installs it when missing)"
        ),
    };
    assert!(out.status.success(), "openssl {} failed:\n{}", args.join(" "), String::from_utf8_lossy(&out.stderr));
}

impl Pki {
    pub fn path(&self, file: &str) -> PathBuf {
        self.dir.join(file)
    }

    pub fn read(&self, file: &str) -> Vec<u8> {
        std::fs::read(self.path(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
    }

    /// The certificates of CA `name`, as anchors.
    pub fn anchors(&self, name: &str) -> Vec<Certificate> {
        Certificate::parse_all(&self.read(&format!("{name}.pem"))).expect("the CA certificate reads")
    }

    /// A self-signed CA `name`.
    fn ca(&self, name: &str, subject: &str) {
        let (key, pem) = (format!("{name}.key"), format!("{name}.pem"));
        let args = ["req", "-config", "req.cnf", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", &key];
        openssl(&self.dir, &[&args[..], &["-subj", subject, "-extensions", "ca", "-days", "30", "-out", &pem]].concat());
    }

    /// A leaf `file` (`.pem`, `.key`) with common name `cn`, issued by CA `ca`.
    fn leaf(&self, file: &str, cn: &str, ca: &str) {
        let (key, pem, subject) = (format!("{file}.key"), format!("{file}.pem"), format!("/CN={cn}"));
        let (ca_pem, ca_key) = (format!("{ca}.pem"), format!("{ca}.key"));
        let args = ["req", "-config", "req.cnf", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", &key];
        let issue = ["-subj", &subject, "-CA", &ca_pem, "-CAkey", &ca_key, "-extensions", "leaf", "-days", "30", "-out", &pem];
        openssl(&self.dir, &[&args[..], &issue[..]].concat());
    }

    /// The signing identity of leaf `file`.
    fn identity(&self, file: &str) -> DeviceCert {
        let pem = self.read(&format!("{file}.pem"));
        let certificate = Certificate::parse(&pem).expect("the certificate reads");
        let key = PrivateKey::parse(&self.read(&format!("{file}.key"))).expect("the key reads");
        DeviceCert { identity: SigningIdentity::new(certificate, key, Vec::new()).expect("the key is the certificate's"), pem }
    }

    /// The identity of device `id` issued by CA `ca` (made once per run).
    pub fn device(&self, ca: &str, id: &str) -> Arc<DeviceCert> {
        let name = format!("{ca}--{id}");
        let mut made = self.made.lock().expect("the PKI's identities");
        if let Some(found) = made.get(&name) {
            return Arc::clone(found);
        }
        // Identifiers are the simulator's (hex digits and dashes): safe as file names.
        let file = format!("dev-{}", name.replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "_"));
        self.leaf(&file, id, ca);
        let cert = Arc::new(self.identity(&file));
        made.insert(name, Arc::clone(&cert));
        cert
    }

    /// The enrollment profile's signer (`profile-signer.pem`, `.key`), issued by the device CA.
    pub fn profile_signer(&self) -> (PathBuf, PathBuf) {
        (self.path("profile-signer.pem"), self.path("profile-signer.key"))
    }

    fn make() -> Pki {
        // Under cargo's folder for integration tests' files; earlier runs' PKIs are removed first.
        let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
        if let Ok(entries) = std::fs::read_dir(tmp) {
            for e in entries.flatten().filter(|e| e.file_name().to_string_lossy().starts_with("mdm-server-pki-")) {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
        let dir = tmp.join(format!("mdm-server-pki-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create the PKI folder");
        std::fs::write(dir.join("req.cnf"), CONFIG).expect("write OpenSSL's configuration");
        let pki = Pki { dir, made: Mutex::new(HashMap::new()) };
        pki.ca(DEVICE_CA, "/CN=MDM Server Test Device CA/O=DM Tests");
        pki.ca(OTHER_CA, "/CN=MDM Server Test Other CA/O=DM Tests");
        pki.leaf("profile-signer", "MDM Server Test Profile Signer", DEVICE_CA);
        pki
    }
}

//! A test PKI made with OpenSSL's command-line tool at test time, once per test run, in
//! `target/tmp`: a root CA (RSA), an intermediate CA (P-256), leaves (RSA and P-256 under
//! the intermediate, P-384 under the root), a device identity (RSA, under the root), a leaf
//! that expired in 2020 (`openssl ca -startdate/-enddate`), an unrelated root, two CAs that
//! issued each other (a chain that loops) and a chain of 13 certificates (longer than the walk
//! allows). `openssl` missing is a test failure that says
//! so, never a skip.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The PKI's folder; files are named `<name>.pem` (certificate) and `<name>.key`.
pub struct Pki {
    pub dir: PathBuf,
}

/// The test PKI, made on first use.
pub fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(Pki::make)
}

/// Runs `openssl` in `dir`; its standard output. Fails the test, with OpenSSL's message, when
/// the command fails or `openssl` is not installed.
pub fn openssl(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = match Command::new("openssl").args(args).current_dir(dir).output() {
        Ok(out) => out,
        Err(e) => panic!(
            "the CMS interop tests run OpenSSL's command-line tool, and `openssl` could not be run ({e}): \
             install it (apt-get install openssl; .ci/run installs it when missing)"
        ),
    };
    assert!(out.status.success(), "openssl {} failed:\n{}", args.join(" "), String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// Runs `openssl` and returns whether it succeeded, and its standard error.
pub fn openssl_status(dir: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new("openssl").args(args).current_dir(dir).output().unwrap_or_else(|e| panic!("`openssl` could not be run ({e}): install it"));
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

const CA_EXT: &str = "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n";
const LEAF_EXT: &str = "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n";

impl Pki {
    pub fn path(&self, file: &str) -> PathBuf {
        self.dir.join(file)
    }

    pub fn path_str(&self, file: &str) -> String {
        self.path(file).display().to_string()
    }

    pub fn read(&self, file: &str) -> Vec<u8> {
        std::fs::read(self.path(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
    }

    fn run(&self, args: &[&str]) -> Vec<u8> {
        openssl(&self.dir, args)
    }

    fn key(&self, name: &str, kind: &str) {
        let key = format!("{name}.key");
        match kind {
            "rsa" => self.run(&["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", &key]),
            "p256" => self.run(&["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", &key]),
            "p384" => self.run(&["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", &key]),
            other => panic!("no key kind {other}"),
        };
    }

    /// A self-signed CA certificate `name.pem` for a new key.
    fn root(&self, name: &str, kind: &str, subject: &str) {
        self.key(name, kind);
        self.run(&["req", "-x509", "-new", "-key", &format!("{name}.key"), "-subj", subject, "-days", "30", "-out", &format!("{name}.pem")]);
    }

    /// A certificate `name.pem` for `name.key` (made when `kind` is given), issued by `issuer`
    /// (its `.pem` and `.key`).
    fn issue(&self, name: &str, kind: Option<&str>, subject: &str, issuer: &str, ca: bool, serial: &str) {
        if let Some(kind) = kind {
            self.key(name, kind);
        }
        let ext = format!("{name}.ext");
        std::fs::write(self.path(&ext), if ca { CA_EXT } else { LEAF_EXT }).expect("write extensions");
        self.run(&["req", "-new", "-key", &format!("{name}.key"), "-subj", subject, "-out", &format!("{name}.csr")]);
        self.run(&[
            "x509",
            "-req",
            "-in",
            &format!("{name}.csr"),
            "-CA",
            &format!("{issuer}.pem"),
            "-CAkey",
            &format!("{issuer}.key"),
            "-set_serial",
            serial,
            "-days",
            "30",
            "-sha256",
            "-extfile",
            &ext,
            "-out",
            &format!("{name}.pem"),
        ]);
    }

    /// `expired.pem`: a P-256 leaf of the intermediate valid only on 1 January 2020.
    fn expired(&self) {
        self.key("expired", "p256");
        self.run(&["req", "-new", "-key", "expired.key", "-subj", "/CN=DM Test Expired Signer", "-out", "expired.csr"]);
        std::fs::create_dir_all(self.path("newcerts")).expect("newcerts");
        std::fs::write(self.path("index.txt"), "").expect("index");
        std::fs::write(self.path("serial"), "1000\n").expect("serial");
        let config = format!(
            "[ca]\ndefault_ca = test\n[test]\ndatabase = {dir}/index.txt\nnew_certs_dir = {dir}/newcerts\nserial = {dir}/serial\n\
             default_md = sha256\npolicy = any\nunique_subject = no\n[any]\ncommonName = supplied\n",
            dir = self.dir.display()
        );
        std::fs::write(self.path("ca.cnf"), config).expect("ca.cnf");
        self.run(&[
            "ca",
            "-batch",
            "-notext",
            "-config",
            "ca.cnf",
            "-cert",
            "intermediate.pem",
            "-keyfile",
            "intermediate.key",
            "-in",
            "expired.csr",
            "-startdate",
            "20200101000000Z",
            "-enddate",
            "20200102000000Z",
            "-out",
            "expired.pem",
        ]);
    }

    /// `loop-a.pem` and `loop-b.pem` issued each other; `loop-leaf.pem` was issued by A.
    fn loop_pair(&self) {
        self.root("loop-a0", "p256", "/CN=DM Test Loop A");
        self.issue("loop-b", Some("p256"), "/CN=DM Test Loop B", "loop-a0", true, "20");
        // A again (A0's key and name), now issued by B.
        std::fs::copy(self.path("loop-a0.key"), self.path("loop-a.key")).expect("copy key");
        self.issue("loop-a", None, "/CN=DM Test Loop A", "loop-b", true, "21");
        self.issue("loop-leaf", Some("p256"), "/CN=DM Test Loop Leaf", "loop-a", false, "22");
        let bundle = [self.read("loop-a.pem"), self.read("loop-b.pem")].concat();
        std::fs::write(self.path("loop-chain.pem"), bundle).expect("loop chain");
    }

    /// `long-root.pem`, then 11 CAs each issued by the one before, and `long-leaf.pem` issued by
    /// the last: a chain of 13 certificates, longer than the walk allows. `long-chain.pem` holds
    /// the CAs.
    fn long_chain(&self) {
        self.root("long-root", "p256", "/CN=DM Test Long Root");
        let mut issuer = "long-root".to_string();
        let mut bundle = Vec::new();
        for i in 1..=11 {
            let name = format!("long-{i}");
            self.issue(&name, Some("p256"), &format!("/CN=DM Test Long CA {i}"), &issuer, true, &format!("{}", 100 + i));
            bundle.extend(self.read(&format!("{name}.pem")));
            issuer = name;
        }
        self.issue("long-leaf", Some("p256"), "/CN=DM Test Long Leaf", &issuer, false, "200");
        std::fs::write(self.path("long-chain.pem"), bundle).expect("long chain");
    }

    fn make() -> Pki {
        // Under cargo's folder for integration tests' files (`target/tmp`); earlier runs' PKIs
        // are removed first.
        let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
        if let Ok(entries) = std::fs::read_dir(tmp) {
            for e in entries.flatten().filter(|e| e.file_name().to_string_lossy().starts_with("dm-cms-pki-")) {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
        let dir = tmp.join(format!("dm-cms-pki-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create the PKI folder");
        let pki = Pki { dir };
        pki.root("root", "rsa", "/CN=DM Test Root CA/O=DM Tests");
        pki.issue("intermediate", Some("p256"), "/CN=DM Test Intermediate CA/O=DM Tests", "root", true, "2");
        pki.issue("leaf-rsa", Some("rsa"), "/CN=DM Test Signer RSA/O=DM Tests", "intermediate", false, "3");
        pki.issue("leaf-ec", Some("p256"), "/CN=DM Test Signer P-256/O=DM Tests", "intermediate", false, "4");
        pki.issue("leaf-p384", Some("p384"), "/CN=DM Test Signer P-384/O=DM Tests", "root", false, "5");
        pki.issue("device", Some("rsa"), "/CN=00008030-001A2B3C4D5E802E", "root", false, "6");
        pki.root("other-root", "p256", "/CN=DM Test Unrelated Root");
        pki.expired();
        pki.loop_pair();
        pki.long_chain();
        pki
    }
}

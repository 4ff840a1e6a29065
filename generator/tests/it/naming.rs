//! Names a Rust reader expects: the worst offenders of Apple's mixed-case words as a table, and
//! an audit of every field and type name the generator gives the pinned tree.

use crate::common;

use generator::ir::{self, Item};
use generator::naming::{snake_name, type_name};

#[test]
fn mixed_case_words_read_as_one_word() {
    let table = [
        ("QoSMarkingPolicy", "qos_marking_policy"),
        ("QoSMarkingAllowListAppIdentifiers", "qos_marking_allow_list_app_identifiers"),
        ("EnableIPv6", "enable_ipv6"),
        ("IPv4", "ipv4"),
        ("PrimaryIPv6AddressList", "primary_ipv6_address_list"),
        ("AllowListedAppBundleIDs", "allow_listed_app_bundle_ids"),
        ("AppIDs", "app_ids"),
        ("AllowedTVs", "allowed_tvs"),
        ("RoamingConsortiumOIs", "roaming_consortium_ois"),
        ("dNSName", "dns_name"),
        ("eSIMServerURL", "esim_server_url"),
        ("EnableXProtectMalwareUpload", "enable_xprotect_malware_upload"),
        ("ForceiTunesStorePasswordEntry", "force_itunes_store_password_entry"),
        ("iChat.menu", "ichat_menu"),
        ("iCloudDiagnostics", "icloud_diagnostics"),
        ("iMessageAndFaceTime", "imessage_and_facetime"),
        ("iOSApp", "ios_app"),
        ("OAuthSignInURL", "oauth_sign_in_url"),
        ("PPPoE.menu", "pppoe_menu"),
        ("XAuthPasswordEncryption", "xauth_password_encryption"),
        ("IKEv2", "ikev2"),
        ("AutomaticallyInstallMacOSUpdates", "automatically_install_mac_os_updates"),
        ("AutomaticallyInstallmacOSUpdates", "automatically_install_macos_updates"),
        ("forceITunesStorePasswordEntry", "force_itunes_store_password_entry"),
        ("ForceWiFiPowerOn", "force_wifi_power_on"),
        ("AllowAirPrintiBeaconDiscovery", "allow_airprint_ibeacon_discovery"),
        ("allowAirDrop", "allow_airdrop"),
        ("UUIDs", "uuids"),
        ("ProductVersion", "product_version"),
        ("AirPort.menu", "air_port_menu"),
        ("Disk Sleep Timer", "disk_sleep_timer"),
        ("SSID_STR", "ssid_str"),
    ];
    let wrong: Vec<String> =
        table.iter().filter(|(wire, want)| snake_name(wire) != *want).map(|(wire, want)| format!("{wire}: {} (want {want})", snake_name(wire))).collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn type_names_keep_apple_casing_and_restore_acronyms() {
    let table = [
        ("QoSMarkingPolicy", "QoSMarkingPolicy"),
        ("ScheduleOSUpdate", "ScheduleOSUpdate"),
        ("com.apple.wifi.managed", "ComAppleWiFiManaged"),
        ("wifi.managed", "WiFiManaged"),
        ("dns.settings", "DNSSettings"),
        ("vpn", "VPN"),
        ("device.identifier.udid", "DeviceIdentifierUDID"),
        ("InstallASAP", "InstallASAP"),
    ];
    let wrong: Vec<String> =
        table.iter().filter(|(wire, want)| type_name(wire) != *want).map(|(wire, want)| format!("{wire}: {} (want {want})", type_name(wire))).collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

/// A one-letter word in a field name is a mixed-case word torn apart (`qo_s_`, `i_pv6`), unless
/// the wire name has that letter as a word of its own.
#[test]
fn no_field_of_the_pinned_tree_tears_a_word_apart() {
    let tree = common::release("release-18.1");
    let krate = ir::build_crate(&tree.files).expect("IR");
    let mut torn = Vec::new();
    let mut fields = 0;
    for module in &krate.modules {
        for item in &module.items {
            let Item::Struct(s) = item else { continue };
            for f in &s.fields {
                fields += 1;
                let rust = f.rust.trim_start_matches("r#").trim_start_matches('_');
                let own_letters: Vec<String> =
                    f.wire.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| w.len() == 1).map(|w| w.to_ascii_lowercase()).collect();
                if rust.split('_').any(|w| w.len() == 1 && w.chars().all(|c| c.is_ascii_alphabetic()) && !own_letters.contains(&w.to_string())) {
                    torn.push(format!("{}: {} → {}", module.source, f.wire, f.rust));
                }
            }
        }
    }
    assert!(fields > 1500, "only {fields} fields");
    torn.sort();
    torn.dedup();
    assert!(torn.is_empty(), "{} fields tear a word apart:\n{}", torn.len(), torn.join("\n"));
}

#!/usr/bin/env python3
"""Writes the validation corpus under tests/corpus/ and its manifest.toml.

    python3 tests/corpus/make_corpus.py           # (re)write every file and the manifest
    python3 tests/corpus/make_corpus.py --check   # also re-derive each case's findings from
                                                  # Apple's YAML and compare with the manifest

The files are exactly what this script writes: edit the cases here, not the files. Device
messages (check-in, responses) are written with sorted keys, as devices serialize them;
profiles and declarations keep the order an admin wrote. Every "random" value (push tokens,
unlock tokens, bootstrap tokens) is derived from a fixed seed, so a rerun changes nothing.

`--check` reads the schemas from $DM_SCHEMAS, else ../shared/device-management/release-18.1
next to the repository. It is a second, independent reading of the rules the manifest follows
(see the header written into manifest.toml), not the crate's validator.
"""

import base64
import datetime
import hashlib
import json
import os
import plistlib
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = []


# ----------------------------------------------------------------------------------------------
# Deterministic values
# ----------------------------------------------------------------------------------------------

def rbytes(seed, n):
    """n bytes that look random, always the same for one seed."""
    out = b""
    i = 0
    while len(out) < n:
        out += hashlib.sha256(f"{seed}/{i}".encode()).digest()
        i += 1
    return out[:n]


def ruuid(seed):
    h = hashlib.sha256(seed.encode()).hexdigest().upper()
    return f"{h[0:8]}-{h[8:12]}-4{h[13:16]}-{'89AB'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:32]}"


def sha256hex(seed):
    return hashlib.sha256(seed.encode()).hexdigest()


def token(seed, n=16):
    return hashlib.sha256(seed.encode()).hexdigest()[:n]


def dt(*args):
    return datetime.datetime(*args)


# A root CA and an MDM identity certificate (EC P-256, DER) made once for this corpus.
CA_DER = base64.b64decode(
    "MIIBnTCCAUOgAwIBAgIGGis8TV5vMAoGCCqGSM49BAMCMEMxCzAJBgNVBAYTAlVTMRUwEwYDVQQK"
    "DAxFeGFtcGxlIENvcnAxHTAbBgNVBAMMFEV4YW1wbGUgQ29ycCBSb290IENBMB4XDTIzMDkwMTAw"
    "MDAwMFoXDTMzMDkwMTAwMDAwMFowQzELMAkGA1UEBhMCVVMxFTATBgNVBAoMDEV4YW1wbGUgQ29y"
    "cDEdMBsGA1UEAwwURXhhbXBsZSBDb3JwIFJvb3QgQ0EwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNC"
    "AAS7XImXKAnTNZUOf5ZLQTj2fQ5ILCP+qUcsIcDu5nSlvaQv0ES6dHVMXCk6IBzkTSFohyq1jwfo"
    "hxwLtGcOtkMJoyMwITAPBgNVHRMBAf8EBTADAQH/MA4GA1UdDwEB/wQEAwIBBjAKBggqhkjOPQQD"
    "AgNIADBFAiEAnRDCK6SHdHNdfeYqW5NgeOrIRKEugGuQqw2+AYFnRPICIFX0HYKxXU4KrzWPgiVj"
    "ZOHnbGLRdD+GGd83Rg822PHK"
)
IDENTITY_DER = base64.b64decode(
    "MIIBvjCCAWOgAwIBAgIDS36RMAoGCCqGSM49BAMCMEMxCzAJBgNVBAYTAlVTMRUwEwYDVQQKDAxF"
    "eGFtcGxlIENvcnAxHTAbBgNVBAMMFEV4YW1wbGUgQ29ycCBSb290IENBMB4XDTI0MDMxODAwMDAw"
    "MFoXDTI1MDQxNzAwMDAwMFowVDEVMBMGA1UECgwMRXhhbXBsZSBDb3JwMQwwCgYDVQQLDANNRE0x"
    "LTArBgNVBAMMJDBGNkUyQTFDLTlCM0QtNEU1OC1BN0M0LTJEODFGMEI1RTk2MzBZMBMGByqGSM49"
    "AgEGCCqGSM49AwEHA0IABDL8oyc3F8I7ild6XpMod64e+QIjdZWYifoU9yFjJiRRitHZa3PWIu2V"
    "nkEdfAt83+PAkgkcxDXtYo/kDlIMETOjNTAzMAwGA1UdEwEB/wQCMAAwDgYDVR0PAQH/BAQDAgeA"
    "MBMGA1UdJQQMMAoGCCsGAQUFBwMCMAoGCCqGSM49BAMCA0kAMEYCIQCt9FD177/p7514jJ7oTL3Q"
    "vTCG9TNsK2jK6Ml/Cy8brAIhAKO+fqRTzlV2TxGFJ4Lx/lqVeIpTHezocVMkftH2A0a3"
)
IDENTITY_CN = "0F6E2A1C-9B3D-4E58-A7C4-2D81F0B5E963"

# One MDM server: every enrollment shares its APNs topic.
TOPIC = "com.apple.mgmt.External.2b8c1f4e-7a3d-4e91-b5c6-0f9d8e7a6b51"

# ----------------------------------------------------------------------------------------------
# Devices
# ----------------------------------------------------------------------------------------------

IPHONE = dict(  # iPhone 13 Pro, profile-based device enrollment, not supervised
    udid="00008110-000A3C5E1E90801E", serial="HX7QJ2M9VN", product="iPhone14,2",
    os="17.5.1", build="21F90", imei="35 398511 234567 2", meid="35398511234567",
    marketing="iPhone 13 Pro", model="MLTP3LL/A", model_number="MLTP3", board="D63AP")
IPHONE_ADE = dict(  # iPhone 14 Pro Max, Automated Device Enrollment, supervised
    udid="00008120-001C2D4A3E88C01E", serial="K9PW3XR2TQ", product="iPhone15,3",
    os="18.1", build="22B83", imei="35 284719 482615 3", meid="35284719482615",
    marketing="iPhone 14 Pro Max", model="MQ8P3LL/A", model_number="MQ8P3", board="D74AP")
IPHONE_UE = dict(  # iPhone 15 Pro, User Enrollment (account-driven)
    enrollment_id="A4E7B2C9-1D3F-4A86-9E0B-5C2F8D7A1B34", product="iPhone16,1",
    os="17.6.1", build="21G93")
IPAD = dict(  # iPad (10th generation), Shared iPad, ADE, supervised
    udid="00008101-0016459A2E38001E", serial="GQ4MW7TH2C", product="iPad13,18",
    os="17.5.1", build="21F90",
    user="j.alvarez@students.example.edu", user_id="FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF")
MAC = dict(  # MacBook Pro 14" (M2 Pro), device enrollment (user approved), not supervised
    udid="3C9E5A1B-7D24-5F86-A0B3-C41D2E6F8A97", serial="K7JQ2XW9PL", product="Mac14,9",
    model="Mac14,9", model_name="MacBook Pro", device_name="Jane\u2019s MacBook Pro",
    os="14.2", build="23C64", provisioning_udid="00006020-001A2B3C0E42801E",
    model_number="MPHE3LL/A", board="J414sAP",
    user_id="8E1F0C3A-5B7D-4A29-9F6E-2C4B8D1A7E53", short="jappleseed", long="Jane Appleseed")
MAC_ADE = dict(  # MacBook Pro 14" (M3 Pro), ADE, supervised
    udid="E5B1F2C7-08A4-5D93-B6E1-7F2C9A4D0B38", serial="M2RX9KQ4VJ", product="Mac15,6",
    model="Mac15,6", model_name="MacBook Pro", device_name="MBP-SJC-0142",
    os="15.1", build="24B83", provisioning_udid="00006030-000E59A21A04801E",
    model_number="MRX33LL/A", board="J514sAP",
    user_id="B47C2E9A-1F3D-4856-8A0E-6D2F9C5B1E74", short="rchen", long="Ruth Chen")
MAC_UE = dict(  # MacBook Air (M2), User Enrollment
    enrollment_id="C81D4F2A-6B3E-4097-A5D8-3E1F7C9B0A62",
    enrollment_user_id="5F2B8D1E-9A47-4C3B-B6E0-8D1A2F7C4E95",
    product="Mac14,2", model="Mac14,2", model_name="MacBook Air", device_name="MacBook Air",
    os="14.5", build="23F79", short="priya", long="Priya Raman")
NETWORK_USER = dict(user_id="F1A3C5E7-2B4D-4F68-8A0C-9E1B3D5F7A92")  # an Open Directory user
APPLETV = dict(  # Apple TV 4K (2nd generation), ADE, supervised
    udid="00008020-000C195E0C38002E", serial="J4QK7W2MXC", product="AppleTV11,1",
    os="17.5", build="21L569")
VISION = dict(  # Apple Vision Pro, device enrollment
    udid="00008112-001A28E40AE2201E", serial="Q7VN3K9XJD", product="RealityDevice14,1",
    os="2.0", build="22N320")
WATCH = dict(  # Apple Watch Series 6 (40 mm, GPS), enrolled through its paired iPhone
    udid="00008301-001E3C5A0E7A801E", serial="G99DQ1ABQ1RK", product="Watch6,1",
    os="10.5", build="21T576")


def ctx(os_, channel, enrollment, supervised=False, shared_ipad=False):
    return dict(os=os_, channel=channel, enrollment=enrollment, supervised=supervised,
                shared_ipad=shared_ipad)


C_IPHONE = ctx("iOS:17.5.1", "device", "device")
C_IPHONE_ADE = ctx("iOS:18.1", "device", "ade", supervised=True)
C_IPHONE_UE = ctx("iOS:17.6.1", "device", "user")
C_IPAD_DEV = ctx("iOS:17.5.1", "device", "ade", supervised=True, shared_ipad=True)
C_IPAD_USER = ctx("iOS:17.5.1", "user", "ade", supervised=True, shared_ipad=True)
C_MAC = ctx("macOS:14.2", "device", "device")
C_MAC_USER = ctx("macOS:14.2", "user", "device")
C_MAC_ADE = ctx("macOS:15.1", "device", "ade", supervised=True)
C_MAC_ADE_USER = ctx("macOS:15.1", "user", "ade", supervised=True)
C_MAC_UE = ctx("macOS:14.5", "device", "user")
C_MAC_UE_USER = ctx("macOS:14.5", "user", "user")
C_TV = ctx("tvOS:17.5", "device", "ade", supervised=True)
C_VISION = ctx("visionOS:2.0", "device", "device")
C_WATCH = ctx("watchOS:10.5", "device", "device", supervised=True)


def case(file, kind, schema, doc, findings=(), description="", context=None, **extra):
    CASES.append(dict(file=file, kind=kind, schema=schema, doc=doc, findings=list(findings),
                      description=description, context=context, extra=extra))


# ----------------------------------------------------------------------------------------------
# Check-in messages
# ----------------------------------------------------------------------------------------------

def push(seed):
    return dict(Token=rbytes("push/" + seed, 32), PushMagic=ruuid("magic/" + seed))


def checkins():
    # --- Authenticate -------------------------------------------------------------------------
    d = IPHONE
    case("checkin/authenticate-iphone-device.plist", "checkin", "Authenticate", dict(
        MessageType="Authenticate", Topic=TOPIC, UDID=d["udid"], BuildVersion=d["build"],
        OSVersion=d["os"], ProductName=d["product"], SerialNumber=d["serial"],
        IMEI=d["imei"], MEID=d["meid"]), [],
        "iPhone 13 Pro (iPhone14,2), iOS 17.5.1, device channel, profile-based device enrollment: "
        "the first check-in of the enrollment. iOS sends no DeviceName/Model/ModelName here "
        "(macOS only in the schema).", C_IPHONE)
    d = IPHONE_ADE
    case("checkin/authenticate-iphone-ade.plist", "checkin", "Authenticate", dict(
        MessageType="Authenticate", Topic=TOPIC, UDID=d["udid"], BuildVersion=d["build"],
        OSVersion=d["os"], ProductName=d["product"], SerialNumber=d["serial"],
        IMEI=d["imei"], MEID=d["meid"]), [],
        "iPhone 14 Pro Max (iPhone15,3), iOS 18.1, device channel, Automated Device Enrollment "
        "(supervised), sent from Setup Assistant.", C_IPHONE_ADE, supervised=True)
    d = IPHONE_UE
    case("checkin/authenticate-iphone-user-enrollment.plist", "checkin", "Authenticate", dict(
        MessageType="Authenticate", Topic=TOPIC, EnrollmentID=d["enrollment_id"],
        BuildVersion=d["build"], OSVersion=d["os"], ProductName=d["product"]), [],
        "iPhone 15 Pro (iPhone16,1), iOS 17.6.1, User Enrollment: EnrollmentID instead of UDID; "
        "SerialNumber, IMEI and MEID are forbidden under User Enrollment and absent.", C_IPHONE_UE)
    d = IPAD
    case("checkin/authenticate-shared-ipad.plist", "checkin", "Authenticate", dict(
        MessageType="Authenticate", Topic=TOPIC, UDID=d["udid"], BuildVersion=d["build"],
        OSVersion=d["os"], ProductName=d["product"], SerialNumber=d["serial"]), [],
        "Shared iPad (iPad13,18, Wi-Fi only: no IMEI/MEID), iPadOS 17.5.1, device channel, ADE, "
        "supervised. Authenticate has no user channel on Shared iPad.", C_IPAD_DEV)
    d = MAC
    case("checkin/authenticate-mac-device.plist", "checkin", "Authenticate", dict(
        MessageType="Authenticate", Topic=TOPIC, UDID=d["udid"], BuildVersion=d["build"],
        OSVersion=d["os"], ProductName=d["product"], SerialNumber=d["serial"],
        DeviceName=d["device_name"], Model=d["model"], ModelName=d["model_name"]), [],
        "MacBook Pro (Mac14,9), macOS 14.2, device channel, profile-based device enrollment. "
        "DeviceName, Model and ModelName are required on macOS; no IMEI/MEID on macOS.", C_MAC)
    d = MAC_ADE
    case("checkin/authenticate-mac-ade.plist", "checkin", "Authenticate", dict(
        MessageType="Authenticate", Topic=TOPIC, UDID=d["udid"], BuildVersion=d["build"],
        OSVersion=d["os"], ProductName=d["product"], SerialNumber=d["serial"],
        DeviceName="MacBook Pro", Model=d["model"], ModelName=d["model_name"]), [],
        "MacBook Pro (Mac15,6), macOS 15.1, device channel, ADE (supervised), from Setup "
        "Assistant (the device still has its default name).", C_MAC_ADE)
    d = MAC_UE
    case("checkin/authenticate-mac-user-enrollment.plist", "checkin", "Authenticate", dict(
        MessageType="Authenticate", Topic=TOPIC, EnrollmentID=d["enrollment_id"],
        BuildVersion=d["build"], OSVersion=d["os"], ProductName=d["product"],
        DeviceName=d["device_name"], Model=d["model"], ModelName=d["model_name"]), [],
        "MacBook Air (Mac14,2), macOS 14.5, device channel, User Enrollment: EnrollmentID, no "
        "UDID and no SerialNumber (forbidden under User Enrollment); DeviceName/Model/ModelName "
        "are still required on macOS.", C_MAC_UE)
    d = APPLETV
    case("checkin/authenticate-tvos.plist", "checkin", "Authenticate", dict(
        MessageType="Authenticate", Topic=TOPIC, UDID=d["udid"], BuildVersion=d["build"],
        OSVersion=d["os"], ProductName=d["product"], SerialNumber=d["serial"]), [],
        "Apple TV 4K 2nd generation (AppleTV11,1), tvOS 17.5, ADE, supervised.", C_TV)
    d = VISION
    case("checkin/authenticate-visionos.plist", "checkin", "Authenticate", dict(
        MessageType="Authenticate", Topic=TOPIC, UDID=d["udid"], BuildVersion=d["build"],
        OSVersion=d["os"], ProductName=d["product"], SerialNumber=d["serial"]), [],
        "Apple Vision Pro (RealityDevice14,1), visionOS 2.0, device enrollment; no cellular "
        "radio, so no IMEI/MEID.", C_VISION)
    d = WATCH
    case("checkin/authenticate-watchos.plist", "checkin", "Authenticate", dict(
        MessageType="Authenticate", Topic=TOPIC, UDID=d["udid"], BuildVersion=d["build"],
        OSVersion=d["os"], ProductName=d["product"], SerialNumber=d["serial"]), [],
        "Apple Watch Series 6 GPS (Watch6,1), watchOS 10.5, enrolled through its paired iPhone "
        "(supervised: watchOS DDM and status items allow only supervised watches).",
        C_WATCH)

    # --- TokenUpdate --------------------------------------------------------------------------
    d = IPHONE
    case("checkin/tokenupdate-iphone-device.plist", "checkin", "TokenUpdate", dict(
        MessageType="TokenUpdate", Topic=TOPIC, UDID=d["udid"], **push("iphone"),
        UnlockToken=rbytes("unlock/iphone", 148)), [],
        "iPhone 13 Pro, iOS 17.5.1, device channel, device enrollment: Topic, UDID, Token, "
        "PushMagic, UnlockToken, MessageType and nothing else.", C_IPHONE)
    d = IPHONE_ADE
    case("checkin/tokenupdate-iphone-ade-awaiting.plist", "checkin", "TokenUpdate", dict(
        MessageType="TokenUpdate", Topic=TOPIC, UDID=d["udid"], **push("iphone-ade"),
        UnlockToken=rbytes("unlock/iphone-ade", 148), AwaitingConfiguration=True), [],
        "iPhone 14 Pro Max, iOS 18.1, ADE (supervised), device channel, sent from Setup "
        "Assistant while it waits for DeviceConfigured (AwaitingConfiguration true).",
        C_IPHONE_ADE)
    d = IPHONE_UE
    case("checkin/tokenupdate-iphone-user-enrollment.plist", "checkin", "TokenUpdate", dict(
        MessageType="TokenUpdate", Topic=TOPIC, EnrollmentID=d["enrollment_id"],
        **push("iphone-ue")), [],
        "iPhone 15 Pro, iOS 17.6.1, User Enrollment: EnrollmentID instead of UDID, no "
        "UnlockToken (forbidden under User Enrollment).", C_IPHONE_UE)
    d = IPAD
    case("checkin/tokenupdate-shared-ipad-device.plist", "checkin", "TokenUpdate", dict(
        MessageType="TokenUpdate", Topic=TOPIC, UDID=d["udid"], **push("ipad-device")), [],
        "Shared iPad, iPadOS 17.5.1, device channel, ADE (supervised): no UnlockToken (forbidden "
        "on Shared iPad), no user keys.", C_IPAD_DEV)
    case("checkin/tokenupdate-shared-ipad-user.plist", "checkin", "TokenUpdate", dict(
        MessageType="TokenUpdate", Topic=TOPIC, UDID=d["udid"], UserShortName=d["user"],
        UserID=d["user_id"], **push("ipad-user")), [],
        "Shared iPad, iPadOS 17.5.1, user channel of a signed-in Managed Apple Account: "
        "UserShortName is the account, UserID is all F (no authentication); no UserLongName or "
        "NotOnConsole (macOS only).", C_IPAD_USER)
    d = MAC
    case("checkin/tokenupdate-mac-device.plist", "checkin", "TokenUpdate", dict(
        MessageType="TokenUpdate", Topic=TOPIC, UDID=d["udid"], **push("mac")), [],
        "MacBook Pro (Mac14,9), macOS 14.2, device channel, device enrollment: no UnlockToken "
        "(not on macOS), no user keys.", C_MAC)
    case("checkin/tokenupdate-mac-user.plist", "checkin", "TokenUpdate", dict(
        MessageType="TokenUpdate", Topic=TOPIC, UDID=d["udid"], UserID=d["user_id"],
        UserShortName=d["short"], UserLongName=d["long"], NotOnConsole=False,
        **push("mac-user")), [],
        "MacBook Pro (Mac14,9), macOS 14.2, user channel of the console user, device "
        "enrollment: UserID, UserShortName, UserLongName, NotOnConsole.", C_MAC_USER)
    d = MAC_ADE
    case("checkin/tokenupdate-mac-ade-awaiting.plist", "checkin", "TokenUpdate", dict(
        MessageType="TokenUpdate", Topic=TOPIC, UDID=d["udid"], **push("mac-ade"),
        AwaitingConfiguration=True), [],
        "MacBook Pro (Mac15,6), macOS 15.1, device channel, ADE (supervised), from Setup "
        "Assistant waiting for DeviceConfigured.", C_MAC_ADE)
    case("checkin/tokenupdate-mac-ade-user.plist", "checkin", "TokenUpdate", dict(
        MessageType="TokenUpdate", Topic=TOPIC, UDID=d["udid"], UserID=d["user_id"],
        UserShortName=d["short"], UserLongName=d["long"], NotOnConsole=False,
        **push("mac-ade-user")), [],
        "MacBook Pro (Mac15,6), macOS 15.1, user channel of the account created in Setup "
        "Assistant, ADE (supervised).", C_MAC_ADE_USER)
    d = MAC_UE
    case("checkin/tokenupdate-mac-user-enrollment-device.plist", "checkin", "TokenUpdate", dict(
        MessageType="TokenUpdate", Topic=TOPIC, EnrollmentID=d["enrollment_id"],
        **push("mac-ue")), [],
        "MacBook Air (Mac14,2), macOS 14.5, device channel, User Enrollment: EnrollmentID, no "
        "UDID.", C_MAC_UE)
    case("checkin/tokenupdate-mac-user-enrollment-user.plist", "checkin", "TokenUpdate", dict(
        MessageType="TokenUpdate", Topic=TOPIC, EnrollmentID=d["enrollment_id"],
        EnrollmentUserID=d["enrollment_user_id"], UserShortName=d["short"],
        UserLongName=d["long"], NotOnConsole=False, **push("mac-ue-user")), [],
        "MacBook Air (Mac14,2), macOS 14.5, user channel, User Enrollment: EnrollmentID and "
        "EnrollmentUserID instead of UDID/UserID; UserLongName and NotOnConsole as on every "
        "macOS user channel.", C_MAC_UE_USER)
    d = APPLETV
    case("checkin/tokenupdate-tvos.plist", "checkin", "TokenUpdate", dict(
        MessageType="TokenUpdate", Topic=TOPIC, UDID=d["udid"], **push("tv")),
        ["error required NotOnConsole"],
        "Apple TV 4K (AppleTV11,1), tvOS 17.5, ADE (supervised): what an Apple TV sends (no "
        "UnlockToken, no user keys). Schema gap: NotOnConsole's supportedOS lists iOS, visionOS "
        "and watchOS as n/a but not tvOS, so tvOS inherits the payload's entry and the key is "
        "required there by the rules, although only the macOS user channel sends it.", C_TV)
    d = VISION
    case("checkin/tokenupdate-visionos.plist", "checkin", "TokenUpdate", dict(
        MessageType="TokenUpdate", Topic=TOPIC, UDID=d["udid"], **push("vision"),
        UnlockToken=rbytes("unlock/vision", 148)), [],
        "Apple Vision Pro, visionOS 2.0, device enrollment, with an UnlockToken.", C_VISION)
    d = WATCH
    case("checkin/tokenupdate-watchos.plist", "checkin", "TokenUpdate", dict(
        MessageType="TokenUpdate", Topic=TOPIC, UDID=d["udid"], **push("watch")), [],
        "Apple Watch Series 6 (Watch6,1), watchOS 10.5.", C_WATCH)

    # --- CheckOut -----------------------------------------------------------------------------
    case("checkin/checkout-iphone-device.plist", "checkin", "CheckOut", dict(
        MessageType="CheckOut", Topic=TOPIC, UDID=IPHONE["udid"]), [],
        "iPhone 13 Pro, iOS 17.5.1, device enrollment: the user removed the MDM profile "
        "(CheckOutWhenRemoved is set).", C_IPHONE)
    case("checkin/checkout-iphone-user-enrollment.plist", "checkin", "CheckOut", dict(
        MessageType="CheckOut", Topic=TOPIC, EnrollmentID=IPHONE_UE["enrollment_id"]), [],
        "iPhone 15 Pro, iOS 17.6.1, User Enrollment: the user removed the work account; "
        "EnrollmentID, no UDID.", C_IPHONE_UE)
    case("checkin/checkout-mac-device.plist", "checkin", "CheckOut", dict(
        MessageType="CheckOut", Topic=TOPIC, UDID=MAC["udid"]), [],
        "MacBook Pro (Mac14,9), macOS 14.2, device enrollment, MDM profile removed in System "
        "Settings.", C_MAC)
    case("checkin/checkout-mac-user-enrollment.plist", "checkin", "CheckOut", dict(
        MessageType="CheckOut", Topic=TOPIC, EnrollmentID=MAC_UE["enrollment_id"]), [],
        "MacBook Air (Mac14,2), macOS 14.5, User Enrollment: EnrollmentID only. The YAML does "
        "not mark UDID forbidden under User Enrollment on macOS; the UDID/EnrollmentID rule "
        "still makes UDID not required here.", C_MAC_UE)
    case("checkin/checkout-tvos.plist", "checkin", "CheckOut", dict(
        MessageType="CheckOut", Topic=TOPIC, UDID=APPLETV["udid"]), [],
        "Apple TV 4K, tvOS 17.5, ADE (supervised).", C_TV)
    case("checkin/checkout-visionos.plist", "checkin", "CheckOut", dict(
        MessageType="CheckOut", Topic=TOPIC, UDID=VISION["udid"]), [],
        "Apple Vision Pro, visionOS 2.0, device enrollment.", C_VISION)
    case("checkin/checkout-watchos.plist", "checkin", "CheckOut", dict(
        MessageType="CheckOut", Topic=TOPIC, UDID=WATCH["udid"]), [],
        "Apple Watch Series 6, watchOS 10.5: unpaired from its iPhone.", C_WATCH)

    # --- UserAuthenticate (macOS user channel only) --------------------------------------------
    u = NETWORK_USER
    case("checkin/userauthenticate-mac-first.plist", "checkin", "UserAuthenticate", dict(
        MessageType="UserAuthenticate", UDID=MAC_ADE["udid"], UserID=u["user_id"]),
        ["error required DigestResponse"],
        "MacBook Pro (Mac15,6), macOS 15.1, user channel, ADE: first UserAuthenticate of a "
        "network (Open Directory) user, before the server's DigestChallenge. A real device "
        "sends no DigestResponse in this first message, but the YAML marks DigestResponse "
        "required without a condition, so the rules give a required error.", C_MAC_ADE_USER)
    case("checkin/userauthenticate-mac-second.plist", "checkin", "UserAuthenticate", dict(
        MessageType="UserAuthenticate", UDID=MAC_ADE["udid"], UserID=u["user_id"],
        DigestResponse='username="dkowalski", realm="mdm.example.com", nonce="'
        + token("ua-nonce", 32) + '", uri="/mdm/checkin", response="' + token("ua-resp", 32)
        + '"'), [],
        "The same network user's second UserAuthenticate, answering the DigestChallenge.",
        C_MAC_ADE_USER)

    # --- GetToken -----------------------------------------------------------------------------
    case("checkin/gettoken-iphone-watch-pairing.plist", "checkin", "GetToken", dict(
        MessageType="GetToken", UDID=IPHONE_ADE["udid"], TokenServiceType="com.apple.watch.pairing",
        TokenParameters=dict(
            PhoneUDID=IPHONE_ADE["udid"], WatchUDID=WATCH["udid"],
            SecurityToken=base64.b64encode(rbytes("watch-pairing", 48)).decode())), [],
        "iPhone 14 Pro Max, iOS 18.1, ADE (supervised), device channel: token for enrolling "
        "its paired Apple Watch.", C_IPHONE_ADE)
    case("checkin/gettoken-iphone-ue-maid.plist", "checkin", "GetToken", dict(
        MessageType="GetToken", EnrollmentID=IPHONE_UE["enrollment_id"],
        TokenServiceType="com.apple.maid"), [],
        "iPhone 15 Pro, iOS 17.6.1, User Enrollment: Managed Apple Account access-management "
        "token; EnrollmentID, no UDID.", C_IPHONE_UE)
    case("checkin/gettoken-shared-ipad-user-maid.plist", "checkin", "GetToken", dict(
        MessageType="GetToken", UDID=IPAD["udid"], UserShortName=IPAD["user"],
        UserID=IPAD["user_id"], TokenServiceType="com.apple.maid"), [],
        "Shared iPad, iPadOS 17.5.1, user channel of the signed-in student.", C_IPAD_USER)
    case("checkin/gettoken-mac-user-maid.plist", "checkin", "GetToken", dict(
        MessageType="GetToken", UDID=MAC["udid"], UserID=MAC["user_id"],
        UserShortName=MAC["short"], UserLongName=MAC["long"], TokenServiceType="com.apple.maid"),
        [], "MacBook Pro (Mac14,9), macOS 14.2, user channel: UserLongName is required there.",
        C_MAC_USER)
    case("checkin/gettoken-visionos-maid.plist", "checkin", "GetToken", dict(
        MessageType="GetToken", UDID=VISION["udid"], TokenServiceType="com.apple.maid"), [],
        "Apple Vision Pro, visionOS 2.0, device enrollment.", C_VISION)

    # --- DeclarativeManagement ------------------------------------------------------------------
    case("checkin/declarativemanagement-iphone-tokens.plist", "checkin", "DeclarativeManagement",
         dict(MessageType="DeclarativeManagement", UDID=IPHONE["udid"], Endpoint="tokens"), [],
         "iPhone 13 Pro, iOS 17.5.1, device channel: fetches the synchronization tokens.",
         C_IPHONE)
    case("checkin/declarativemanagement-iphone-ade-declaration-items.plist", "checkin",
         "DeclarativeManagement",
         dict(MessageType="DeclarativeManagement", UDID=IPHONE_ADE["udid"],
              Endpoint="declaration-items"), [],
         "iPhone 14 Pro Max, iOS 18.1, ADE (supervised): fetches the declaration manifest.",
         C_IPHONE_ADE)
    status_data = json.dumps({
        "StatusItems": {"passcode": {"is-compliant": True, "is-present": True}},
        "Errors": []}, separators=(",", ":")).encode()
    case("checkin/declarativemanagement-iphone-ue-status.plist", "checkin", "DeclarativeManagement",
         dict(MessageType="DeclarativeManagement", EnrollmentID=IPHONE_UE["enrollment_id"],
              Endpoint="status", Data=status_data), [],
         "iPhone 15 Pro, iOS 17.6.1, User Enrollment: an incremental status report in Data "
         "(JSON bytes, base64 in the plist).", C_IPHONE_UE)
    case("checkin/declarativemanagement-mac-declaration.plist", "checkin", "DeclarativeManagement",
         dict(MessageType="DeclarativeManagement", UDID=MAC_ADE["udid"],
              Endpoint="declaration/configuration/com.example.config.passcode"), [],
         "MacBook Pro (Mac15,6), macOS 15.1, device channel, ADE (supervised): fetches one "
         "configuration (Endpoint declaration/<type>/<identifier>).", C_MAC_ADE)
    case("checkin/declarativemanagement-mac-user-tokens.plist", "checkin", "DeclarativeManagement",
         dict(MessageType="DeclarativeManagement", UDID=MAC_ADE["udid"], UserID=MAC_ADE["user_id"],
              UserShortName=MAC_ADE["short"], UserLongName=MAC_ADE["long"], Endpoint="tokens"), [],
         "MacBook Pro (Mac15,6), macOS 15.1, user channel, ADE (supervised): UserID, "
         "UserShortName and the required UserLongName.", C_MAC_ADE_USER)
    ue_status = json.dumps({
        "StatusItems": {"management": {"declarations": {
            "activations": [{"identifier": "com.example.activation.user", "server-token": token("tok/act-user"),
                             "active": True, "valid": "valid"}],
            "assets": [], "management": [],
            "configurations": [{"identifier": "com.example.config.caldav",
                                "server-token": token("tok/caldav"), "active": True,
                                "valid": "valid"}]}}},
        "Errors": []}, separators=(",", ":")).encode()
    case("checkin/declarativemanagement-mac-ue-user-status.plist", "checkin",
         "DeclarativeManagement",
         dict(MessageType="DeclarativeManagement", EnrollmentID=MAC_UE["enrollment_id"],
              EnrollmentUserID=MAC_UE["enrollment_user_id"], UserShortName=MAC_UE["short"],
              UserLongName=MAC_UE["long"], Endpoint="status", Data=ue_status), [],
         "MacBook Air (Mac14,2), macOS 14.5, user channel, User Enrollment: EnrollmentID, "
         "EnrollmentUserID (required on the macOS user channel under User Enrollment) and "
         "UserLongName; a status report in Data.", C_MAC_UE_USER)
    case("checkin/declarativemanagement-shared-ipad-user-declaration-items.plist", "checkin",
         "DeclarativeManagement",
         dict(MessageType="DeclarativeManagement", UDID=IPAD["udid"], UserShortName=IPAD["user"],
              UserID=IPAD["user_id"], Endpoint="declaration-items"), [],
         "Shared iPad, iPadOS 17.5.1, user channel of the signed-in student.", C_IPAD_USER)
    case("checkin/declarativemanagement-shared-ipad-device-tokens.plist", "checkin",
         "DeclarativeManagement",
         dict(MessageType="DeclarativeManagement", UDID=IPAD["udid"], Endpoint="tokens"), [],
         "Shared iPad, iPadOS 17.5.1, device channel: no user keys (UserShortName/UserID are "
         "optional and belong to the user channel).", C_IPAD_DEV)
    case("checkin/declarativemanagement-tvos-tokens.plist", "checkin", "DeclarativeManagement",
         dict(MessageType="DeclarativeManagement", UDID=APPLETV["udid"], Endpoint="tokens"), [],
         "Apple TV 4K, tvOS 17.5, ADE (supervised).", C_TV)
    watch_status = json.dumps({
        "StatusItems": {"device": {"operating-system": {"version": WATCH["os"],
                                                        "build-version": WATCH["build"]}}},
        "Errors": []}, separators=(",", ":")).encode()
    case("checkin/declarativemanagement-watchos-status.plist", "checkin", "DeclarativeManagement",
         dict(MessageType="DeclarativeManagement", UDID=WATCH["udid"], Endpoint="status",
              Data=watch_status), [],
         "Apple Watch Series 6, watchOS 10.5: status report after an OS update.", C_WATCH)
    case("checkin/declarativemanagement-visionos-declaration-items.plist", "checkin",
         "DeclarativeManagement",
         dict(MessageType="DeclarativeManagement", UDID=VISION["udid"],
              Endpoint="declaration-items"), [],
         "Apple Vision Pro, visionOS 2.0, device enrollment.", C_VISION)

    # --- Bootstrap token (macOS, supervised, device channel) ----------------------------------
    case("checkin/getbootstraptoken-mac-ade.plist", "checkin", "GetBootstrapToken", dict(
        MessageType="GetBootstrapToken", UDID=MAC_ADE["udid"], AwaitingConfiguration=True),
        ["warning unknown-key UDID"],
        "MacBook Pro (Mac15,6), macOS 15.1, device channel, ADE (supervised), during Setup "
        "Assistant. Devices send UDID with every check-in (servers identify the enrollment "
        "by it), but getbootstraptoken.yaml lists only MessageType and AwaitingConfiguration, "
        "so UDID is an unknown key.", C_MAC_ADE)
    case("checkin/setbootstraptoken-mac-ade.plist", "checkin", "SetBootstrapToken", dict(
        MessageType="SetBootstrapToken", UDID=MAC_ADE["udid"],
        BootstrapToken=rbytes("bootstrap/mac-ade", 64), AwaitingConfiguration=False),
        ["warning unknown-key UDID"],
        "MacBook Pro (Mac15,6), macOS 15.1, device channel, ADE (supervised): escrows the "
        "bootstrap token after the first secure-token user signed in. UDID is sent by the "
        "device but setbootstraptoken.yaml does not list it.", C_MAC_ADE)

    # --- Invalid check-ins ----------------------------------------------------------------------
    d = MAC
    case("checkin/invalid-tokenupdate-mac-user-no-userlongname.plist", "checkin", "TokenUpdate",
         dict(MessageType="TokenUpdate", Topic=TOPIC, UDID=d["udid"], UserID=d["user_id"],
              UserShortName=d["short"], NotOnConsole=False, **push("mac-user-bad")),
         ["error required UserLongName"],
         "INVALID: macOS 14.2 user-channel TokenUpdate without UserLongName (required on the "
         "macOS user channel).", ctx("macOS:14.2", "user", "device"))
    d = IPHONE
    case("checkin/invalid-tokenupdate-iphone-no-topic.plist", "checkin", "TokenUpdate", dict(
        MessageType="TokenUpdate", UDID=d["udid"], **push("iphone-notopic"),
        UnlockToken=rbytes("unlock/iphone-notopic", 148)), ["error required Topic"],
        "INVALID: iPhone 13 Pro, iOS 17.5.1, device channel TokenUpdate without Topic.", C_IPHONE)
    p = push("iphone-stringtoken")
    case("checkin/invalid-tokenupdate-iphone-token-string.plist", "checkin", "TokenUpdate", dict(
        MessageType="TokenUpdate", Topic=TOPIC, UDID=d["udid"],
        Token=base64.b64encode(p["Token"]).decode(), PushMagic=p["PushMagic"],
        UnlockToken=rbytes("unlock/iphone-stringtoken", 148)), ["error type Token"],
        "INVALID: iPhone TokenUpdate re-serialized by a relay that wrote the push token as a "
        "base64 <string> instead of <data>.", C_IPHONE)


# ----------------------------------------------------------------------------------------------
# Command responses
# ----------------------------------------------------------------------------------------------

def env(status, cmd_uuid, who):
    """A response envelope. `who` is the device/user identification dictionary."""
    d = dict(Status=status)
    if cmd_uuid is not None:
        d["CommandUUID"] = cmd_uuid
    d.update(who)
    return d


def error_chain(*items):
    return [dict(ErrorCode=c, ErrorDomain=dom, LocalizedDescription=msg, USEnglishDescription=msg)
            for (c, dom, msg) in items]


W_IPHONE = dict(UDID=IPHONE["udid"])
W_IPHONE_ADE = dict(UDID=IPHONE_ADE["udid"])
W_IPHONE_UE = dict(EnrollmentID=IPHONE_UE["enrollment_id"])
W_IPAD = dict(UDID=IPAD["udid"])
W_MAC = dict(UDID=MAC["udid"])
W_MAC_USER = dict(UDID=MAC["udid"], UserID=MAC["user_id"])
W_MAC_ADE = dict(UDID=MAC_ADE["udid"])
W_TV = dict(UDID=APPLETV["udid"])


SLUGS = {
    "DeviceInformation": "device-information", "SecurityInfo": "security-info",
    "InstalledApplicationList": "installed-application-list",
    "ManagedApplicationList": "managed-application-list", "ProfileList": "profile-list",
    "CertificateList": "certificate-list", "ProvisioningProfileList": "provisioning-profile-list",
    "Restrictions": "restrictions", "AvailableOSUpdates": "available-os-updates",
    "OSUpdateStatus": "os-update-status", "UserList": "user-list",
    "ActivationLockBypassCode": "activation-lock-bypass-code", "DeviceLocation": "device-location",
}


def response(rt, status, tag, who, context, body=None, chain=None, findings=(), desc="",
             with_uuid=True, extra_keys=None, invalid=False):
    cmd = ruuid(f"cmd/{rt}/{tag}") if with_uuid else None
    d = env(status, cmd, who)
    if chain:
        d["ErrorChain"] = chain
    if body:
        d.update(body)
    if extra_keys:
        d.update(extra_keys)
    slug = SLUGS[rt]
    fname = f"responses/{'invalid-' if invalid else ''}{slug}-{status.lower()}-{tag}.plist"
    case(fname, "response", rt, d, findings, desc, context, request_type=rt, status=status)


def iphone_device_information():
    d = IPHONE
    return dict(QueryResponses=dict(
        UDID=d["udid"], DeviceName="iPhone", OSVersion=d["os"], BuildVersion=d["build"],
        SupplementalBuildVersion=d["build"], SupplementalOSVersionExtra="",
        ModelName="iPhone", Model=d["model"], ModelNumber=d["model_number"],
        ProductName=d["product"], SerialNumber=d["serial"], DeviceCapacity=238.41,
        AvailableDeviceCapacity=171.36, BatteryLevel=0.83, CellularTechnology=3,
        IMEI=d["imei"], MEID=d["meid"], ModemFirmwareVersion="3.50.04",
        IsSupervised=False, IsDeviceLocatorServiceEnabled=True, IsActivationLockEnabled=True,
        IsDoNotDisturbInEffect=False, IsCloudBackupEnabled=True,
        LastCloudBackupDate=dt(2024, 6, 11, 2, 41, 7), iTunesStoreAccountIsActive=True,
        EASDeviceIdentifier="KQ3R2V8L1D0N5F7H9J4S6T2PBC", TimeZone="America/Los_Angeles",
        SoftwareUpdateDeviceID=d["board"], WiFiMAC="a4:c3:37:1e:8f:0b",
        BluetoothMAC="a4:c3:37:1e:92:5d", DataRoamingEnabled=False, PersonalHotspotEnabled=False,
        IsNetworkTethered=False, AwaitingConfiguration=False, DiagnosticSubmissionEnabled=False,
        AppAnalyticsEnabled=False,
        ServiceSubscriptions=[dict(
            Slot="CTSubscriptionSlotOne", Label="Primary", LabelID=ruuid("label/iphone"),
            CarrierSettingsVersion="57.0", CurrentCarrierNetwork="Verizon",
            SubscriberCarrierNetwork="Verizon", CurrentMCC="311", CurrentMNC="480",
            ICCID="8914 8000 0012 3456 7891", IMEI=d["imei"], MEID=d["meid"],
            PhoneNumber="+1 (408) 555-0142", IsDataPreferred=True, IsVoicePreferred=True,
            IsRoaming=False)]))


def mac_ade_device_information():
    d = MAC_ADE
    return dict(QueryResponses=dict(
        UDID=d["udid"], ProvisioningUDID=d["provisioning_udid"], DeviceName=d["device_name"],
        OSVersion=d["os"], BuildVersion=d["build"], SupplementalBuildVersion=d["build"],
        SupplementalOSVersionExtra="", ModelName=d["model_name"], Model=d["model"],
        ModelNumber=d["model_number"], ProductName=d["product"], SerialNumber=d["serial"],
        IsAppleSilicon=True, DeviceCapacity=994.66, AvailableDeviceCapacity=812.04,
        HasBattery=True, BatteryLevel=0.91, IsSupervised=True, IsActivationLockSupported=True,
        SupportsLOMDevice=False, SystemIntegrityProtectionEnabled=True,
        SupportsiOSAppInstalls=True, PINRequiredForDeviceLock=False,
        PINRequiredForEraseDevice=False, AwaitingConfiguration=False,
        iTunesStoreAccountIsActive=False, LocalHostName="MBP-SJC-0142",
        HostName="MBP-SJC-0142.corp.example.com", WiFiMAC="f4:d4:88:6a:21:c9",
        BluetoothMAC="f4:d4:88:6a:0e:3b", SoftwareUpdateDeviceID=d["board"],
        ActiveManagedUsers=[d["user_id"]],
        MDMOptions=dict(ActivationLockAllowedWhileSupervised=False, BootstrapTokenAllowed=True,
                        PromptUserToAllowBootstrapTokenForAuthentication=False),
        OSUpdateSettings=dict(
            CatalogURL="https://swscan.apple.com/content/catalogs/others/index-15-14-13-12-10.16"
                       "-10.15-10.14-10.13-10.12-10.11-10.10-10.9-mountainlion-lion-snowleopard"
                       "-leopard.merged-1.sucatalog.gz",
            IsDefaultCatalog=True, PreviousScanDate=dt(2024, 11, 14, 6, 2, 51),
            PerformPeriodicCheck=True, AutoCheckEnabled=True, BackgroundDownloadEnabled=True,
            AutomaticAppInstallationEnabled=True, AutomaticOSInstallationEnabled=False,
            AutomaticSecurityUpdatesEnabled=True)))


def mac_device_information_integer():
    d = MAC
    return dict(QueryResponses=dict(
        UDID=d["udid"], ProvisioningUDID=d["provisioning_udid"], DeviceName=d["device_name"],
        OSVersion=d["os"], BuildVersion=d["build"], SupplementalBuildVersion=d["build"],
        SupplementalOSVersionExtra="", ModelName=d["model_name"], Model=d["model"],
        ModelNumber=d["model_number"], ProductName=d["product"], SerialNumber=d["serial"],
        IsAppleSilicon=True, IsSupervised=False, SystemIntegrityProtectionEnabled=True,
        LocalHostName="Janes-MacBook-Pro", HostName="Janes-MacBook-Pro.local",
        OSUpdateSettings=dict(
            CatalogURL="https://swscan.apple.com/content/catalogs/others/index-14-13-12-10.16"
                       "-10.15-10.14-10.13-10.12-10.11-10.10-10.9-mountainlion-lion-snowleopard"
                       "-leopard.merged-1.sucatalog.gz",
            IsDefaultCatalog=True, PreviousScanDate=dt(2024, 1, 9, 15, 31, 12),
            PreviousScanResult=2, PerformPeriodicCheck=True, AutoCheckEnabled=True,
            BackgroundDownloadEnabled=True, AutomaticAppInstallationEnabled=False,
            AutomaticOSInstallationEnabled=False, AutomaticSecurityUpdatesEnabled=True)))


def responses():
    # --- DeviceInformation ------------------------------------------------------------------
    rt = "DeviceInformation"
    response(rt, "Acknowledged", "iphone", W_IPHONE, C_IPHONE, iphone_device_information(),
             desc="iPhone 13 Pro, iOS 17.5.1, device enrollment (not supervised, so DeviceName is "
                  "the generic \u201ciPhone\u201d): answers a query of the usual inventory keys.")
    response(rt, "Acknowledged", "mac-ade", W_MAC_ADE, C_MAC_ADE, mac_ade_device_information(),
             desc="MacBook Pro (Mac15,6), macOS 15.1, ADE (supervised): inventory. "
                  "OSUpdateSettings.PreviousScanResult is absent (removed in macOS 15).")
    response(rt, "Acknowledged", "mac-integer", W_MAC, C_MAC, mac_device_information_integer(),
             findings=["error type QueryResponses.OSUpdateSettings.PreviousScanResult"],
             desc="MacBook Pro (Mac14,9, Apple silicon), macOS 14.2, device enrollment: "
             "OSUpdateSettings.PreviousScanResult comes as <integer>2</integer> where the schema "
             "says <string>; the device is the truth on the wire, the rules still report it.")
    bad = iphone_device_information()
    bad["QueryResponses"]["BluetoothMac"] = bad["QueryResponses"].pop("BluetoothMAC")
    response(rt, "Acknowledged", "iphone-misspelled", W_IPHONE, C_IPHONE, bad, invalid=True,
             findings=["warning unknown-key QueryResponses.BluetoothMac"],
             desc="INVALID: the iPhone inventory as a device simulator wrote it, with BluetoothMac "
             "for BluetoothMAC.")
    response(rt, "Error", "tvos", W_TV, C_TV, chain=error_chain(
        (12064, "MCMDMErrorDomain", "The device information could not be collected."),
        (1, "NSPOSIXErrorDomain", "Operation not permitted")),
        desc="Apple TV 4K, tvOS 17.5: an Error with a two-entry ErrorChain.")
    response(rt, "NotNow", "iphone", W_IPHONE, C_IPHONE,
             desc="iPhone 13 Pro, iOS 17.5.1: locked after a restart, the data is not available "
                  "yet; no body.")
    response(rt, "CommandFormatError", "iphone", W_IPHONE, C_IPHONE, chain=error_chain(
        (12001, "MCMDMErrorDomain", "The command \u201cDeviceInformation\u201d is malformed: "
                                    "\u201cQueries\u201d must be an array.")),
        desc="iPhone 13 Pro, iOS 17.5.1: the server sent Queries as a string.")
    response(rt, "Idle", "iphone", W_IPHONE, C_IPHONE, with_uuid=False,
             desc="iPhone 13 Pro, iOS 17.5.1: the poll after a push, with no command to answer. "
                  "Decision: an Idle status carries no CommandUUID (Apple sends Status and UDID "
                  "only), so none is expected and none is required. request_type names the "
                  "command group only; Idle answers no command.")

    # --- SecurityInfo -----------------------------------------------------------------------
    rt = "SecurityInfo"
    response(rt, "Acknowledged", "iphone", W_IPHONE, C_IPHONE, dict(SecurityInfo=dict(
        HardwareEncryptionCaps=3, PasscodePresent=True, PasscodeCompliant=True,
        PasscodeCompliantWithProfiles=True, PasscodeLockGracePeriod=0,
        PasscodeLockGracePeriodEnforced=0, ManagementStatus=dict(IsUserEnrollment=False))),
        desc="iPhone 13 Pro, iOS 17.5.1, device enrollment. AutoLockTime is Shared iPad only "
             "and absent.")
    response(rt, "Acknowledged", "mac-ade", W_MAC_ADE, C_MAC_ADE, dict(SecurityInfo=dict(
        FDE_Enabled=True, FDE_HasPersonalRecoveryKey=True, FDE_HasInstitutionalRecoveryKey=False,
        SystemIntegrityProtectionEnabled=True, AuthenticatedRootVolumeEnabled=True,
        RemoteDesktopEnabled=False, IsRecoveryLockEnabled=False,
        BootstrapTokenAllowedForAuthentication="allowed",
        BootstrapTokenRequiredForSoftwareUpdate=False,
        BootstrapTokenRequiredForKernelExtensionApproval=False,
        FirewallSettings=dict(FirewallEnabled=True, BlockAllIncoming=False, StealthMode=True,
                              LoggingEnabled=True, LoggingOption="throttled",
                              Applications=[dict(BundleID="com.apple.screensharing.agent",
                                                 Name="Screen Sharing", Allowed=True)]),
        SecureBoot=dict(SecureBootLevel="full", ExternalBootLevel="not supported"),
        ManagementStatus=dict(EnrolledViaDEP=True, UserApprovedEnrollment=True,
                              IsUserEnrollment=False, IsActivationLockManageable=True))),
        desc="MacBook Pro (Mac15,6), macOS 15.1, ADE (supervised): FileVault on with a personal "
             "recovery key escrowed.")
    response(rt, "Acknowledged", "iphone-no-body", W_IPHONE, C_IPHONE, invalid=True, findings=[
        "error required SecurityInfo"],
        desc="INVALID: an Acknowledged SecurityInfo response without its SecurityInfo "
             "dictionary (a broken agent).")
    response(rt, "Error", "iphone-ue", W_IPHONE_UE, C_IPHONE_UE, chain=error_chain(
        (12064, "MCMDMErrorDomain", "The device is busy. Try again later."),
        (4, "MDMDaemonErrorDomain", "Could not read the security state.")),
        desc="iPhone 15 Pro, iOS 17.6.1, User Enrollment: an error with a two-entry chain.")
    response(rt, "NotNow", "mac-ade", W_MAC_ADE, C_MAC_ADE,
             desc="MacBook Pro (Mac15,6), macOS 15.1: NotNow, no body.")
    response(rt, "CommandFormatError", "mac-ade", W_MAC_ADE, C_MAC_ADE, chain=error_chain(
        (12001, "MCMDMErrorDomain", "The command \u201cSecurityInfo\u201d is malformed.")),
        desc="MacBook Pro (Mac15,6), macOS 15.1: the command dictionary was not understood.")

    # --- InstalledApplicationList -----------------------------------------------------------
    rt = "InstalledApplicationList"
    response(rt, "Acknowledged", "iphone", W_IPHONE, C_IPHONE, dict(InstalledApplicationList=[
        dict(Identifier="com.microsoft.Office.Outlook", Name="Outlook", Version="4.2425.0",
             ShortVersion="4.2425.0", BundleSize=356515840, DynamicSize=48103424,
             ExternalVersionIdentifier=866263428, DistributorIdentifier="com.apple.AppStore",
             IsValidated=True, Installing=False, AppStoreVendable=True, DeviceBasedVPP=True,
             BetaApp=False, AdHocCodeSigned=False, HasUpdateAvailable=False, IsAppClip=False),
        dict(Identifier="com.tinyspeck.chatlyio", Name="Slack", Version="24.06.10",
             ShortVersion="24.06.10", BundleSize=221896704, DynamicSize=97517568,
             ExternalVersionIdentifier=866045918, DistributorIdentifier="com.apple.AppStore",
             IsValidated=True, Installing=False, AppStoreVendable=True, DeviceBasedVPP=False,
             BetaApp=False, AdHocCodeSigned=False, HasUpdateAvailable=True, IsAppClip=False),
        dict(Identifier="com.example.fieldservice", Name="Field Service", Version="312",
             ShortVersion="3.12", BundleSize=41287680, DynamicSize=2093056,
             IsValidated=True, Installing=False, AppStoreVendable=False, DeviceBasedVPP=False,
             BetaApp=False, AdHocCodeSigned=False, HasUpdateAvailable=False, IsAppClip=False)]),
        desc="iPhone 13 Pro, iOS 17.5.1: two App Store apps and an in-house app.")
    response(rt, "Error", "iphone", W_IPHONE, C_IPHONE, chain=error_chain(
        (12030, "MCMDMErrorDomain", "The app list could not be retrieved.")),
        desc="iPhone 13 Pro, iOS 17.5.1.")
    response(rt, "NotNow", "iphone", W_IPHONE, C_IPHONE, desc="iPhone 13 Pro, iOS 17.5.1.")

    # --- ManagedApplicationList -------------------------------------------------------------
    rt = "ManagedApplicationList"
    response(rt, "Acknowledged", "iphone", W_IPHONE, C_IPHONE, dict(ManagedApplicationList={
        "com.microsoft.Office.Outlook": dict(
            Status="Managed", ManagementFlags=1, HasConfiguration=True, HasFeedback=False,
            IsValidated=True, ExternalVersionIdentifier=866263428, UnusedRedemptionCode=""),
        "com.example.fieldservice": dict(
            Status="Installing", ManagementFlags=5, HasConfiguration=True, HasFeedback=True,
            IsValidated=False, ExternalVersionIdentifier=0, UnusedRedemptionCode="")}),
        desc="iPhone 13 Pro, iOS 17.5.1: every key the schema requires on iOS, "
             "UnusedRedemptionCode included (empty: no redemption code was used).")
    response(rt, "Acknowledged", "mac", W_MAC, C_MAC, dict(ManagedApplicationList={
        "com.microsoft.Outlook": dict(Status="Managed", ManagementFlags=1, HasConfiguration=False,
                                      ExternalVersionIdentifier=866257711)}),
        desc="MacBook Pro (Mac14,9), macOS 14.2, device channel: HasFeedback exists only on the "
             "macOS user channel, UnusedRedemptionCode and IsValidated not on macOS, so none of "
             "them is required here.")
    response(rt, "Error", "iphone", W_IPHONE, C_IPHONE, chain=error_chain(
        (12030, "MCMDMErrorDomain", "The managed app list could not be retrieved.")),
        desc="iPhone 13 Pro, iOS 17.5.1.")
    response(rt, "NotNow", "iphone", W_IPHONE, C_IPHONE, desc="iPhone 13 Pro, iOS 17.5.1.")

    # --- ProfileList ------------------------------------------------------------------------
    rt = "ProfileList"
    mdm_profile = dict(
        PayloadIdentifier="com.example.mdm.enrollment", PayloadUUID=ruuid("profile/mdm"),
        PayloadVersion=1, PayloadDisplayName="Example Corp MDM", PayloadOrganization="Example Corp",
        PayloadDescription="Enrolls this device in Example Corp device management.",
        PayloadRemovalDisallowed=False, HasRemovalPasscode=False, IsEncrypted=False,
        IsManaged=True, SignerCertificates=[CA_DER],
        PayloadContent=[
            dict(PayloadType="com.apple.mdm", PayloadVersion=1,
                 PayloadIdentifier="com.example.mdm.enrollment.mdm", PayloadUUID=ruuid("payload/mdm"),
                 PayloadDisplayName="Device Management"),
            dict(PayloadType="com.apple.security.scep", PayloadVersion=1,
                 PayloadIdentifier="com.example.mdm.enrollment.scep",
                 PayloadUUID=ruuid("payload/scep"), PayloadDisplayName="MDM Identity")])
    wifi_profile = dict(
        PayloadIdentifier="com.example.wifi.guest", PayloadUUID=ruuid("profile/wifi"),
        PayloadVersion=1, PayloadDisplayName="Guest Wi-Fi", PayloadOrganization="Example Corp",
        PayloadRemovalDisallowed=False, HasRemovalPasscode=False, IsEncrypted=False,
        IsManaged=True,
        PayloadContent=[dict(PayloadType="com.apple.wifi.managed", PayloadVersion=1,
                             PayloadIdentifier="com.example.wifi.guest.payload",
                             PayloadUUID=ruuid("payload/wifi"),
                             PayloadDisplayName="Wi-Fi (ExampleCorp-Guest)")])
    response(rt, "Acknowledged", "iphone", W_IPHONE, C_IPHONE,
             dict(ProfileList=[mdm_profile, wifi_profile]),
             desc="iPhone 13 Pro, iOS 17.5.1: the enrollment profile and a Wi-Fi profile; "
                  "PayloadContent items carry PayloadUUID (iOS 17 and later).")
    user_profile = dict(
        PayloadIdentifier="com.example.user.caldav", PayloadUUID=ruuid("profile/caldav-user"),
        PayloadVersion=1, PayloadDisplayName="Team Calendar", PayloadOrganization="Example Corp",
        PayloadRemovalDisallowed=False, HasRemovalPasscode=False, IsEncrypted=False,
        PayloadContent=[dict(PayloadType="com.apple.caldav.account", PayloadVersion=1,
                             PayloadIdentifier="com.example.user.caldav.account",
                             PayloadUUID=ruuid("payload/caldav-user"),
                             PayloadDisplayName="CalDAV (calendar.example.com)")])
    response(rt, "Acknowledged", "mac-user", W_MAC_USER, C_MAC_USER,
             dict(ProfileList=[user_profile]),
             desc="MacBook Pro (Mac14,9), macOS 14.2, user channel: the envelope carries UDID and "
                  "UserID; IsManaged is not reported on macOS.")
    ue_profile = dict(mdm_profile, PayloadUUID=ruuid("profile/mdm-ue"),
                      PayloadIdentifier="com.example.mdm.byod",
                      PayloadDisplayName="Example Corp Work Account")
    ue_profile.pop("SignerCertificates")
    ue_profile["PayloadContent"] = [dict(
        PayloadType="com.apple.mdm", PayloadVersion=1, PayloadIdentifier="com.example.mdm.byod.mdm",
        PayloadUUID=ruuid("payload/mdm-ue"), PayloadDisplayName="Device Management")]
    response(rt, "Acknowledged", "iphone-ue-requesttype", W_IPHONE_UE, C_IPHONE_UE,
             dict(ProfileList=[ue_profile]), extra_keys=dict(RequestType="ProfileList"),
             desc="iPhone 15 Pro, iOS 17.6.1, User Enrollment (EnrollmentID in the envelope). "
                  "The response also echoes RequestType, as some devices do; RequestType is "
                  "treated as an envelope key of a response, so no finding is expected for it.")
    response(rt, "Error", "mac-user", W_MAC_USER, C_MAC_USER, chain=error_chain(
        (1009, "MCProfileErrorDomain", "The profile list could not be read.")),
        desc="MacBook Pro (Mac14,9), macOS 14.2, user channel.")
    response(rt, "NotNow", "iphone", W_IPHONE, C_IPHONE, desc="iPhone 13 Pro, iOS 17.5.1.")
    response(rt, "Idle", "mac-user", W_MAC_USER, C_MAC_USER, with_uuid=False,
             desc="MacBook Pro (Mac14,9), macOS 14.2, user channel: Idle with UDID and UserID, no "
                  "CommandUUID (see the DeviceInformation Idle case); request_type names the command group only.")

    # --- CertificateList --------------------------------------------------------------------
    rt = "CertificateList"
    response(rt, "Acknowledged", "iphone", W_IPHONE, C_IPHONE, dict(CertificateList=[
        dict(CommonName="Example Corp Root CA", IsIdentity=False, Data=CA_DER),
        dict(CommonName=IDENTITY_CN, IsIdentity=True, Data=IDENTITY_DER)]),
        desc="iPhone 13 Pro, iOS 17.5.1: the root CA and the MDM identity (Data is the DER "
             "certificate).")
    response(rt, "Error", "iphone", W_IPHONE, C_IPHONE, chain=error_chain(
        (-25300, "NSOSStatusErrorDomain", "The specified item could not be found in the keychain.")),
        desc="iPhone 13 Pro, iOS 17.5.1.")
    response(rt, "NotNow", "iphone", W_IPHONE, C_IPHONE,
             desc="iPhone 13 Pro, iOS 17.5.1: keychain locked.")
    response(rt, "CommandFormatError", "mac", W_MAC, C_MAC, chain=error_chain(
        (12001, "MCMDMErrorDomain", "The command \u201cCertificateList\u201d is malformed: "
                                    "\u201cManagedOnly\u201d must be a boolean.")),
        desc="MacBook Pro (Mac14,9), macOS 14.2.")

    # --- ProvisioningProfileList ------------------------------------------------------------
    rt = "ProvisioningProfileList"
    response(rt, "Acknowledged", "iphone", W_IPHONE, C_IPHONE, dict(ProvisioningProfileList=[
        dict(Name="Example Corp Field Service In-House", UUID=ruuid("provisioning/fieldservice"),
             ExpiryDate=dt(2025, 3, 28, 17, 4, 33))]),
        desc="iPhone 13 Pro, iOS 17.5.1: the in-house app's provisioning profile.")
    response(rt, "Error", "iphone", W_IPHONE, C_IPHONE, chain=error_chain(
        (12030, "MCMDMErrorDomain", "The provisioning profiles could not be listed.")),
        desc="iPhone 13 Pro, iOS 17.5.1.")
    response(rt, "NotNow", "iphone", W_IPHONE, C_IPHONE, desc="iPhone 13 Pro, iOS 17.5.1.")

    # --- Restrictions -----------------------------------------------------------------------
    rt = "Restrictions"
    response(rt, "Acknowledged", "iphone-ade", W_IPHONE_ADE, C_IPHONE_ADE, dict(
        GlobalRestrictions=dict(
            restrictedBool=dict(allowCamera=dict(value=True), allowScreenShot=dict(value=False),
                                allowAirDrop=dict(value=False),
                                forceEncryptedBackup=dict(value=True)),
            restrictedValue=dict(ratingApps=dict(value=600), maxInactivity=dict(value=5))),
        ProfileRestrictions={"com.example.restrictions": dict(
            restrictedBool=dict(allowScreenShot=dict(value=False), allowAirDrop=dict(value=False),
                                forceEncryptedBackup=dict(value=True)),
            restrictedValue=dict(ratingApps=dict(value=600)))}),
        desc="iPhone 14 Pro Max, iOS 18.1, ADE (supervised): the effective restrictions and those "
             "of one profile.")
    response(rt, "Error", "iphone-ade", W_IPHONE_ADE, C_IPHONE_ADE, chain=error_chain(
        (12030, "MCMDMErrorDomain", "The restrictions could not be read.")),
        desc="iPhone 14 Pro Max, iOS 18.1.")
    response(rt, "NotNow", "iphone-ade", W_IPHONE_ADE, C_IPHONE_ADE,
             desc="iPhone 14 Pro Max, iOS 18.1.")

    # --- AvailableOSUpdates -----------------------------------------------------------------
    rt = "AvailableOSUpdates"
    response(rt, "Acknowledged", "mac-ade", W_MAC_ADE, C_MAC_ADE, dict(AvailableOSUpdates=[dict(
        ProductKey="MSU_UPDATE_24C101_patch_15.2_minor", HumanReadableName="macOS Sequoia 15.2",
        HumanReadableNameLocale="en",
        MetadataURL="https://swdist.apple.com/content/downloads/42/17/062-91802/"
                    "a9x3kq7w1m0z4c8v2b6n5t3r1y0u9i8o/062-91802.English.dist",
        Version="15.2", Build="24C101", DownloadSize=3421958144, AppIdentifiersToClose=[],
        IsCritical=False, IsConfigDataUpdate=False, IsFirmwareUpdate=False,
        IsMajorOSUpdate=False, RestartRequired=True, AllowsInstallLater=True,
        RequiresBootstrapToken=True, IsSecurityResponse=False, SupplementalBuildVersion="24C101",
        SupplementalOSVersionExtra="")]),
        desc="MacBook Pro (Mac15,6), macOS 15.1, ADE (supervised): the macOS 15.2 update. "
             "ProductName and InstallSize are not reported on macOS; HumanReadableNameLocale, "
             "MetadataURL and AppIdentifiersToClose are required there.")
    response(rt, "Acknowledged", "iphone-ade", W_IPHONE_ADE, C_IPHONE_ADE, dict(
        AvailableOSUpdates=[dict(
            ProductKey="iOSUpdate22B91", HumanReadableName="iOS 18.1.1", ProductName="iOS 18.1.1",
            Version="18.1.1", Build="22B91", DownloadSize=498073600, InstallSize=2316500992,
            IsCritical=False, RestartRequired=True, AllowsInstallLater=True,
            IsSecurityResponse=False, SupplementalBuildVersion="22B91",
            SupplementalOSVersionExtra="")]),
        desc="iPhone 14 Pro Max, iOS 18.1, ADE (supervised): iOS 18.1.1; ProductName and "
             "InstallSize are required on iOS.")
    response(rt, "Error", "mac-ade", W_MAC_ADE, C_MAC_ADE, chain=error_chain(
        (-1009, "NSURLErrorDomain", "The Internet connection appears to be offline.")),
        desc="MacBook Pro (Mac15,6), macOS 15.1: the catalog could not be reached.")
    response(rt, "NotNow", "iphone-ade", W_IPHONE_ADE, C_IPHONE_ADE,
             desc="iPhone 14 Pro Max, iOS 18.1.")
    response(rt, "CommandFormatError", "iphone-ade", W_IPHONE_ADE, C_IPHONE_ADE,
             chain=error_chain((12001, "MCMDMErrorDomain",
                                "The command \u201cAvailableOSUpdates\u201d is malformed.")),
             desc="iPhone 14 Pro Max, iOS 18.1.")

    # --- OSUpdateStatus ---------------------------------------------------------------------
    rt = "OSUpdateStatus"
    response(rt, "Acknowledged", "mac-ade", W_MAC_ADE, C_MAC_ADE, dict(OSUpdateStatus=[dict(
        ProductKey="MSU_UPDATE_24C101_patch_15.2_minor", IsDownloaded=False,
        DownloadPercentComplete=0.42, Status="Downloading", MaxDeferrals=3, DeferralsRemaining=2,
        NextScheduledInstall=dt(2024, 12, 16, 2, 0, 0),
        PastNotifications=[dt(2024, 12, 12, 9, 0, 0)])]),
        desc="MacBook Pro (Mac15,6), macOS 15.1, ADE (supervised): the 15.2 update downloading.")
    response(rt, "Error", "mac-ade", W_MAC_ADE, C_MAC_ADE, chain=error_chain(
        (102, "SUMacControllerError", "Software update is not available at this time.")),
        desc="MacBook Pro (Mac15,6), macOS 15.1.")
    response(rt, "NotNow", "mac-ade", W_MAC_ADE, C_MAC_ADE, desc="MacBook Pro (Mac15,6), macOS 15.1.")

    # --- UserList ---------------------------------------------------------------------------
    rt = "UserList"
    response(rt, "Acknowledged", "mac-ade", W_MAC_ADE, C_MAC_ADE, dict(Users=[
        dict(UserName=MAC_ADE["short"], FullName=MAC_ADE["long"], UID=501,
             UserGUID=MAC_ADE["user_id"], IsLoggedIn=True, MobileAccount=False, HasSecureToken=True),
        dict(UserName="itadmin", FullName="IT Admin", UID=502,
             UserGUID="2D7A9E41-6C3B-4F08-B1D5-8E2C4A6F0B97", IsLoggedIn=False,
             MobileAccount=False, HasSecureToken=True)]),
        desc="MacBook Pro (Mac15,6), macOS 15.1, ADE (supervised): two local accounts. "
             "HasDataToSync, DataQuota and DataUsed are not on macOS.")
    response(rt, "Acknowledged", "shared-ipad", W_IPAD, C_IPAD_DEV, dict(Users=[
        dict(UserName=IPAD["user"], IsLoggedIn=True, HasDataToSync=False,
             DataQuota=16106127360, DataUsed=2147483648),
        dict(UserName="m.nguyen@students.example.edu", IsLoggedIn=False, HasDataToSync=True,
             DataQuota=16106127360, DataUsed=5368709120)]),
        desc="Shared iPad, iPadOS 17.5.1, device channel: FullName, UID, UserGUID, MobileAccount "
             "and HasSecureToken do not exist on iOS, so they are not required.")
    response(rt, "Error", "mac-ade", W_MAC_ADE, C_MAC_ADE, chain=error_chain(
        (12030, "MCMDMErrorDomain", "The user list could not be read.")),
        desc="MacBook Pro (Mac15,6), macOS 15.1.")
    response(rt, "NotNow", "shared-ipad", W_IPAD, C_IPAD_DEV, desc="Shared iPad, iPadOS 17.5.1.")

    # --- ActivationLockBypassCode -----------------------------------------------------------
    rt = "ActivationLockBypassCode"
    response(rt, "Acknowledged", "iphone-ade", W_IPHONE_ADE, C_IPHONE_ADE,
             dict(ActivationLockBypassCode="VNPZ4-RK0T7-X5LQ9-MY2J6-8HCDF-3W1GA"),
             desc="iPhone 14 Pro Max, iOS 18.1, ADE (supervised).")
    response(rt, "Error", "iphone-ade", W_IPHONE_ADE, C_IPHONE_ADE, chain=error_chain(
        (12079, "MCMDMErrorDomain", "The Activation Lock bypass code is not available.")),
        desc="iPhone 14 Pro Max, iOS 18.1: the code was already retrieved and cleared.")
    response(rt, "NotNow", "iphone-ade", W_IPHONE_ADE, C_IPHONE_ADE,
             desc="iPhone 14 Pro Max, iOS 18.1.")

    # --- DeviceLocation ---------------------------------------------------------------------
    rt = "DeviceLocation"
    response(rt, "Acknowledged", "iphone-ade", W_IPHONE_ADE, C_IPHONE_ADE, dict(
        Latitude=37.33182, Longitude=-122.03118, HorizontalAccuracy=35.0, VerticalAccuracy=12.0,
        Altitude=54.2, Speed=0.0, Course=-1.0, Timestamp="2024-11-14T09:42:17Z"),
        desc="iPhone 14 Pro Max, iOS 18.1, supervised, in Lost Mode.")
    response(rt, "Error", "iphone-ade", W_IPHONE_ADE, C_IPHONE_ADE, chain=error_chain(
        (12067, "MCMDMErrorDomain", "The device is not in Lost Mode.")),
        desc="iPhone 14 Pro Max, iOS 18.1: Lost Mode is off.")
    response(rt, "NotNow", "iphone-ade", W_IPHONE_ADE, C_IPHONE_ADE,
             desc="iPhone 14 Pro Max, iOS 18.1.")


# ----------------------------------------------------------------------------------------------
# DDM status reports
# ----------------------------------------------------------------------------------------------

def decl_status(ident, seed, active=True, valid="valid", reasons=None):
    d = {"identifier": ident, "server-token": token("tok/" + seed), "active": active, "valid": valid}
    if reasons:
        d["reasons"] = reasons
    return d


CLIENT_CAPS_IOS = {
    "supported-versions": ["1.0.0"],
    "supported-features": {},
    "supported-payloads": {
        "declarations": {
            "activations": ["com.apple.activation.simple"],
            "assets": ["com.apple.asset.credential.acme", "com.apple.asset.credential.certificate",
                       "com.apple.asset.credential.identity", "com.apple.asset.credential.scep",
                       "com.apple.asset.credential.userpassword", "com.apple.asset.data",
                       "com.apple.asset.useridentity"],
            "configurations": ["com.apple.configuration.account.caldav",
                               "com.apple.configuration.account.mail",
                               "com.apple.configuration.legacy",
                               "com.apple.configuration.management.status-subscriptions",
                               "com.apple.configuration.passcode.settings",
                               "com.apple.configuration.softwareupdate.enforcement.specific"],
            "management": ["com.apple.management.organization-info",
                           "com.apple.management.properties",
                           "com.apple.management.server-capabilities"]},
        "status-items": ["device.identifier.serial-number", "device.identifier.udid",
                         "device.model.family", "device.model.identifier",
                         "device.model.marketing-name", "device.operating-system.build-version",
                         "device.operating-system.family", "device.operating-system.version",
                         "management.client-capabilities", "management.declarations",
                         "passcode.is-compliant", "passcode.is-present",
                         "softwareupdate.install-state", "softwareupdate.pending-version"]}}


CLIENT_CAPS_MAC = {
    "supported-versions": ["1.0.0"],
    "supported-features": {},
    "supported-payloads": {
        "declarations": {
            "activations": ["com.apple.activation.simple"],
            "assets": ["com.apple.asset.credential.acme", "com.apple.asset.credential.certificate",
                       "com.apple.asset.credential.identity", "com.apple.asset.credential.scep",
                       "com.apple.asset.credential.userpassword", "com.apple.asset.data",
                       "com.apple.asset.useridentity"],
            "configurations": ["com.apple.configuration.diskmanagement.settings",
                               "com.apple.configuration.legacy",
                               "com.apple.configuration.management.status-subscriptions",
                               "com.apple.configuration.passcode.settings",
                               "com.apple.configuration.services.background-tasks",
                               "com.apple.configuration.services.configuration-files",
                               "com.apple.configuration.softwareupdate.enforcement.specific",
                               "com.apple.configuration.softwareupdate.settings"],
            "management": ["com.apple.management.organization-info",
                           "com.apple.management.properties",
                           "com.apple.management.server-capabilities"]},
        "status-items": ["device.identifier.serial-number", "device.identifier.udid",
                         "device.model.family", "device.model.identifier",
                         "device.model.marketing-name", "device.model.number",
                         "device.operating-system.build-version",
                         "device.operating-system.family", "device.operating-system.marketing-name",
                         "device.operating-system.version", "device.power.battery-health",
                         "diskmanagement.filevault.enabled", "management.client-capabilities",
                         "management.declarations", "softwareupdate.beta-enrollment",
                         "softwareupdate.device-id", "softwareupdate.failure-reason",
                         "softwareupdate.install-reason", "softwareupdate.install-state",
                         "softwareupdate.pending-version"]}}


def status_reports():
    d = IPHONE
    case("status/iphone-device.json", "status-report", "StatusReport", {
        "StatusItems": {
            "device": {
                "identifier": {"serial-number": d["serial"], "udid": d["udid"]},
                "model": {"family": "iPhone", "identifier": d["product"],
                          "marketing-name": d["marketing"], "number": d["model"]},
                "operating-system": {"build-version": d["build"], "family": "iOS",
                                     "version": d["os"],
                                     "supplemental": {"build-version": d["build"],
                                                      "extra-version": ""}}},
            "management": {
                "client-capabilities": CLIENT_CAPS_IOS,
                "declarations": {
                    "activations": [decl_status("com.example.activation.baseline", "act-baseline")],
                    "assets": [],
                    "configurations": [
                        decl_status("com.example.config.passcode", "passcode"),
                        decl_status("com.example.config.status-subscriptions", "subs"),
                        decl_status("com.example.config.softwareupdate-enforcement", "su-enf")],
                    "management": [decl_status("com.example.management.org-info", "org")]}},
            "passcode": {"is-compliant": True, "is-present": True},
            "softwareupdate": {"install-state": "none"}},
        "Errors": []}, [],
        "iPhone 13 Pro, iOS 17.5.1, device channel, device enrollment: the first status report "
        "(identity, model, OS, client capabilities, declarations, passcode, software update).",
        C_IPHONE)
    d = MAC_ADE
    case("status/mac-ade-full.json", "status-report", "StatusReport", {
        "StatusItems": {
            "device": {
                "identifier": {"serial-number": d["serial"], "udid": d["udid"]},
                "model": {"family": "Mac", "identifier": d["product"],
                          "marketing-name": "MacBook Pro (14-inch, Nov 2023)",
                          "number": d["model_number"]},
                "operating-system": {"build-version": d["build"], "family": "macOS",
                                     "marketing-name": "macOS Sequoia", "version": d["os"],
                                     "supplemental": {"build-version": d["build"],
                                                      "extra-version": ""}},
                "power": {"battery-health": "normal"}},
            "diskmanagement": {"filevault": {"enabled": True}},
            "management": {
                "client-capabilities": CLIENT_CAPS_MAC,
                "declarations": {
                    "activations": [decl_status("com.example.activation.mac", "act-mac")],
                    "assets": [decl_status("com.example.asset.sshd-config", "sshd-asset")],
                    "configurations": [
                        decl_status("com.example.config.passcode", "passcode-mac"),
                        decl_status("com.example.config.sshd", "sshd"),
                        decl_status("com.example.config.disk-management", "disk")],
                    "management": [decl_status("com.example.management.server-capabilities",
                                               "caps")]}},
            "softwareupdate": {
                "install-state": "downloading",
                "pending-version": {"os-version": "15.2", "build-version": "24C101"},
                "install-reason": {"reason": ["declaration"],
                                   "declaration-id": "com.example.config.softwareupdate-enforcement"},
                "failure-reason": {"count": 0},
                "device-id": d["board"], "beta-enrollment": ""}},
        "Errors": [], "FullReport": True}, [],
        "MacBook Pro (Mac15,6), macOS 15.1, device channel, ADE (supervised): a full report "
        "(FullReport true) with FileVault, battery health and an enforced update downloading.",
        C_MAC_ADE)
    d = IPAD
    case("status/shared-ipad-errors.json", "status-report", "StatusReport", {
        "StatusItems": {
            "management": {"declarations": {
                "activations": [decl_status("com.example.activation.students", "act-students")],
                "assets": [decl_status("com.example.asset.root-ca", "root-ca-asset", active=False,
                                       valid="invalid", reasons=[{
                                           "code": "Error.DownloadFailed",
                                           "description": "The asset data could not be downloaded.",
                                           "details": {"DataURL": "https://mdm.example.com/ddm/assets/root-ca.cer",
                                                       "HTTPStatus": 404}}])],
                "configurations": [decl_status("com.example.config.root-ca", "root-ca",
                                               active=False, valid="invalid",
                                               reasons=[{"code": "Error.AssetCannotBeResolved"}])],
                "management": []}}},
        "Errors": [{"StatusItem": "passcode.is-present",
                    "Reasons": [{"Code": "Error.StatusItemUnavailable",
                                 "Description": "This status item is not available on Shared iPad."}]}]},
        [], "Shared iPad, iPadOS 17.5.1, device channel: a failed asset download in the "
            "declarations and an Errors entry for a subscribed item the device cannot report.",
        C_IPAD_DEV)
    d = MAC_ADE
    case("status/mac-ade-user-accounts.json", "status-report", "StatusReport", {
        "StatusItems": {
            "account": {"list": {
                "caldav": [{"identifier": ruuid("acct/caldav"),
                            "declaration-identifier": "com.example.config.caldav",
                            "visible-name": "Team Calendar", "hostname": "calendar.example.com",
                            "port": 443, "username": d["short"], "are-calendars-enabled": True,
                            "are-reminders-enabled": True}],
                "subscribed-calendar": [{"identifier": ruuid("acct/holidays"),
                                         "declaration-identifier": "com.example.config.holidays-calendar",
                                         "visible-name": "US Holidays",
                                         "calendar-url": "https://calendar.example.com/holidays/us.ics",
                                         "is-enabled": True}]}},
            "management": {"declarations": {
                "activations": [decl_status("com.example.activation.user", "act-user")],
                "assets": [decl_status("com.example.asset.caldav-credentials", "caldav-cred")],
                "configurations": [decl_status("com.example.config.caldav", "caldav"),
                                   decl_status("com.example.config.holidays-calendar", "holidays")],
                "management": []}}},
        "Errors": []}, [],
        "MacBook Pro (Mac15,6), macOS 15.1, user channel, ADE (supervised): account list items "
        "for the user's CalDAV and subscribed-calendar declarations.", C_MAC_ADE_USER)
    d = IPHONE_ADE
    case("status/iphone-ade-unknown-item.json", "status-report", "StatusReport", {
        "StatusItems": {
            "device": {"operating-system": {"version": d["os"], "build-version": d["build"]},
                       "future": {"thing": "enabled"}},
            "softwareupdate": {"install-state": "none"}},
        "Errors": []}, ["warning unknown-key StatusItems.device.future.thing"],
        "iPhone 14 Pro Max, iOS 18.1, ADE (supervised): incremental report with a status item "
        "no schema describes (device.future.thing, a string). Expected path: the item's full "
        "dotted name under StatusItems.", C_IPHONE_ADE)
    d = IPHONE
    case("status/iphone-unknown-leaf.json", "status-report", "StatusReport", {
        "StatusItems": {
            "device": {"power": {"battery-health": "normal", "battery-cycle-count": 412}},
            "passcode": {"is-compliant": True}},
        "Errors": []}, ["warning unknown-key StatusItems.device.power.battery-cycle-count"],
        "iPhone 13 Pro, iOS 17.5.1: an item newer than the schemas (device.power."
        "battery-cycle-count) beside a known one of the same prefix; the first unknown "
        "segment is the leaf, so every reading of the rule gives the same path.", C_IPHONE)
    case("status/invalid-iphone-install-state.json", "status-report", "StatusReport", {
        "StatusItems": {"softwareupdate": {
            "install-state": "scheduled",
            "pending-version": {"os-version": "18.1.1", "build-version": "22B91"}}},
        "Errors": []}, ["error rangelist StatusItems.softwareupdate.install-state"],
        "INVALID: iPhone 14 Pro Max, iOS 18.1: softwareupdate.install-state \u201cscheduled\u201d "
        "is not one of none/downloading/prepared/installing/failed.", C_IPHONE_ADE)


# ----------------------------------------------------------------------------------------------
# DDM declarations
# ----------------------------------------------------------------------------------------------

def decl(file, type_, ident, payload, findings=(), desc="", server_token=None, form="authored"):
    d = {"Type": type_, "Identifier": ident}
    if server_token is not None:
        d["ServerToken"] = server_token
    d["Payload"] = payload
    case(file, "declaration", type_, d, findings, desc, None, form=form)


def declarations():
    A = "declarations/"
    decl(A + "activation-baseline.json", "com.apple.activation.simple",
         "com.example.activation.baseline", {
             "StandardConfigurations": ["com.example.config.passcode",
                                        "com.example.config.status-subscriptions",
                                        "com.example.config.softwareupdate-enforcement"]},
         desc="Activation of the baseline configurations for every device.")
    decl(A + "activation-mac-predicate.json", "com.apple.activation.simple",
         "com.example.activation.mac", {
             "StandardConfigurations": ["com.example.config.passcode", "com.example.config.sshd",
                                        "com.example.config.disk-management"],
             "Predicate": "@status(device.operating-system.family) == 'macOS' AND "
                          "@status(device.model.family) == 'Mac'"},
         desc="Activation for Macs only, with a predicate on status items.")
    decl(A + "passcode-settings.json", "com.apple.configuration.passcode.settings",
         "com.example.config.passcode", {
             "RequirePasscode": True, "RequireAlphanumericPasscode": True, "MinimumLength": 8,
             "MaximumFailedAttempts": 10, "MaximumInactivityInMinutes": 5,
             "MaximumPasscodeAgeInDays": 180, "PasscodeReuseLimit": 5,
             "MaximumGracePeriodInMinutes": 1},
         desc="Passcode policy: 8 alphanumeric characters, 10 attempts, 5 minutes auto-lock.")
    decl(A + "status-subscriptions.json", "com.apple.configuration.management.status-subscriptions",
         "com.example.config.status-subscriptions", {"StatusItems": [
             {"Name": "device.identifier.serial-number"}, {"Name": "device.model.identifier"},
             {"Name": "device.operating-system.version"},
             {"Name": "device.operating-system.build-version"},
             {"Name": "passcode.is-compliant"}, {"Name": "softwareupdate.install-state"},
             {"Name": "softwareupdate.pending-version"}]},
         desc="Subscribes to the inventory and software-update status items.")
    decl(A + "softwareupdate-enforcement-specific.json",
         "com.apple.configuration.softwareupdate.enforcement.specific",
         "com.example.config.softwareupdate-enforcement", {
             "TargetOSVersion": "18.1.1", "TargetBuildVersion": "22B91",
             "TargetLocalDateTime": "2024-12-02T18:00:00",
             "DetailsURL": "https://it.example.com/updates/ios-18-1-1"},
         desc="Enforce iOS 18.1.1 by 2 December 2024, 18:00 device-local time.")
    decl(A + "softwareupdate-settings.json", "com.apple.configuration.softwareupdate.settings",
         "com.example.config.softwareupdate-settings", {
             "Notifications": True,
             "Deferrals": {"MajorPeriodInDays": 30, "MinorPeriodInDays": 7, "SystemPeriodInDays": 7},
             "AutomaticActions": {"Download": "AlwaysOn", "InstallOSUpdates": "Allowed",
                                  "InstallSecurityUpdate": "AlwaysOn"},
             "RapidSecurityResponse": {"Enable": True, "EnableRollback": False},
             "AllowStandardUserOSUpdates": True},
         desc="Software update settings for Macs: deferrals, automatic download, RSR.")
    decl(A + "account-caldav.json", "com.apple.configuration.account.caldav",
         "com.example.config.caldav", {
             "VisibleName": "Team Calendar", "HostName": "calendar.example.com", "Port": 443,
             "Path": "/dav/principals/",
             "AuthenticationCredentialsAssetReference": "com.example.asset.caldav-credentials"},
         desc="CalDAV account whose credentials come from a user-password asset.")
    decl(A + "asset-caldav-credentials.json", "com.apple.asset.credential.userpassword",
         "com.example.asset.caldav-credentials", {
             "Reference": {"DataURL": "https://mdm.example.com/ddm/assets/caldav-credentials",
                           "ContentType": "application/json", "Size": 84,
                           "Hash-SHA-256": sha256hex("caldav-credentials")},
             "Authentication": {"Type": "MDM"}},
         desc="The CalDAV account's user name and password, downloaded with MDM authentication.")
    decl(A + "account-mail.json", "com.apple.configuration.account.mail",
         "com.example.config.mail", {
             "VisibleName": "Example Corp Mail",
             "UserIdentityAssetReference": "com.example.asset.mail-identity",
             "IncomingServer": {"ServerType": "IMAP", "HostName": "imap.example.com", "Port": 993,
                                "AuthenticationMethod": "Password",
                                "AuthenticationCredentialsAssetReference": "com.example.asset.mail-credentials"},
             "OutgoingServer": {"HostName": "smtp.example.com", "Port": 587,
                                "AuthenticationMethod": "Password",
                                "AuthenticationCredentialsAssetReference": "com.example.asset.mail-credentials"}},
         desc="IMAP/SMTP mail account with identity and credential asset references.")
    decl(A + "asset-mail-identity.json", "com.apple.asset.useridentity",
         "com.example.asset.mail-identity",
         {"FullName": "Jane Appleseed", "EmailAddress": "jane.appleseed@example.com"},
         desc="The mail account's user identity.")
    decl(A + "legacy-wifi-profile.json", "com.apple.configuration.legacy",
         "com.example.config.legacy-wifi",
         {"ProfileURL": "https://mdm.example.com/ddm/profiles/wifi-guest.mobileconfig"},
         desc="Installs a configuration profile through DDM.")
    decl(A + "legacy-interactive-vpn.json", "com.apple.configuration.legacy.interactive",
         "com.example.config.vpn-interactive", {
             "ProfileURL": "https://mdm.example.com/ddm/profiles/vpn-user.mobileconfig",
             "VisibleName": "Example Corp VPN"},
         desc="A profile the user installs interactively (it asks for the VPN password).")
    decl(A + "math-settings-exam.json", "com.apple.configuration.math.settings",
         "com.example.config.math-exam", {
             "Calculator": {"BasicMode": {"AddSquareRoot": True},
                            "ScientificMode": {"Enabled": True},
                            "ProgrammerMode": {"Enabled": False},
                            "MathNotesMode": {"Enabled": False},
                            "InputModes": {"UnitConversion": False, "RPN": False}},
             "SystemBehavior": {"KeyboardSuggestions": False, "MathNotes": False}},
         desc="Calculator and Math Notes locked down for an exam on Macs (ProgrammerMode and "
              "RPN exist on macOS only; they are written because no device context is given).")
    decl(A + "management-organization-info.json", "com.apple.management.organization-info",
         "com.example.management.org-info", {
             "Name": "Example Corp", "Email": "it-support@example.com",
             "URL": "https://it.example.com"},
         desc="Organization shown on the device.")
    decl(A + "management-server-capabilities.json", "com.apple.management.server-capabilities",
         "com.example.management.server-capabilities",
         {"Version": "1.0.0", "SupportedFeatures": {}},
         desc="The server's DDM protocol version.")
    decl(A + "management-properties.json", "com.apple.management.properties",
         "com.example.management.properties",
         {"department": "Field Service", "site": "SJC-02", "asset-tag": 100142},
         desc="Free-form management properties usable in predicates.")
    decl(A + "account-subscribed-calendar.json", "com.apple.configuration.account.subscribed-calendar",
         "com.example.config.holidays-calendar", {
             "VisibleName": "US Holidays",
             "CalendarURL": "https://calendar.example.com/holidays/us.ics"},
         desc="Read-only subscribed calendar.")
    decl(A + "security-certificate-root.json", "com.apple.configuration.security.certificate",
         "com.example.config.root-ca",
         {"CredentialAssetReference": "com.example.asset.root-ca"},
         desc="Installs the root CA from a certificate asset.")
    decl(A + "asset-root-ca.json", "com.apple.asset.credential.certificate",
         "com.example.asset.root-ca", {
             "Reference": {"DataURL": "https://mdm.example.com/ddm/assets/root-ca.cer",
                           "ContentType": "application/pkix-cert", "Size": len(CA_DER),
                           "Hash-SHA-256": hashlib.sha256(CA_DER).hexdigest()}},
         desc="The root CA certificate asset (no authentication needed to fetch it).")
    decl(A + "diskmanagement-settings.json", "com.apple.configuration.diskmanagement.settings",
         "com.example.config.disk-management",
         {"Restrictions": {"ExternalStorage": "ReadOnly", "NetworkStorage": "Allowed"}},
         desc="macOS: external disks mount read-only.")
    decl(A + "services-configuration-files-sshd.json",
         "com.apple.configuration.services.configuration-files", "com.example.config.sshd",
         {"ServiceType": "com.apple.sshd", "DataAssetReference": "com.example.asset.sshd-config"},
         desc="macOS: managed sshd configuration from a data asset.")
    decl(A + "asset-sshd-config.json", "com.apple.asset.data", "com.example.asset.sshd-config", {
        "Reference": {"DataURL": "https://mdm.example.com/ddm/assets/sshd-config.zip",
                      "ContentType": "application/zip", "Size": 1187,
                      "Hash-SHA-256": sha256hex("sshd-config.zip")},
        "Authentication": {"Type": "MDM"}},
         desc="The zip of sshd_config.d files.")
    decl(A + "app-managed-outlook.json", "com.apple.configuration.app.managed",
         "com.example.config.app-outlook", {
             "AppStoreID": "951937596",
             "InstallBehavior": {"Install": "Required", "License": {"Assignment": "Device"}},
             "IncludeInBackup": False},
         desc="iOS: Outlook installed as a required managed app with a device license.")

    # Sent form: as a server serves them, with ServerToken.
    decl(A + "sent-activation-baseline.json", "com.apple.activation.simple",
         "com.example.activation.baseline", {
             "StandardConfigurations": ["com.example.config.passcode",
                                        "com.example.config.status-subscriptions",
                                        "com.example.config.softwareupdate-enforcement"]},
         desc="The baseline activation as served to a device.",
         server_token=token("tok/act-baseline"), form="sent")
    decl(A + "sent-passcode-settings.json", "com.apple.configuration.passcode.settings",
         "com.example.config.passcode", {
             "RequirePasscode": True, "RequireAlphanumericPasscode": True, "MinimumLength": 8,
             "MaximumFailedAttempts": 10, "MaximumInactivityInMinutes": 5,
             "MaximumPasscodeAgeInDays": 180, "PasscodeReuseLimit": 5,
             "MaximumGracePeriodInMinutes": 1},
         desc="The passcode configuration as served.", server_token=token("tok/passcode"),
         form="sent")
    decl(A + "sent-organization-info.json", "com.apple.management.organization-info",
         "com.example.management.org-info", {
             "Name": "Example Corp", "Email": "it-support@example.com",
             "URL": "https://it.example.com"},
         desc="The organization info as served.", server_token=token("tok/org"), form="sent")

    # Invalid
    decl(A + "invalid-sent-no-servertoken.json", "com.apple.configuration.management.status-subscriptions",
         "com.example.config.status-subscriptions", {"StatusItems": [
             {"Name": "device.operating-system.version"}, {"Name": "passcode.is-compliant"}]},
         ["error required ServerToken"],
         "INVALID: served to a device (sent form) without ServerToken.", form="sent")
    decl(A + "invalid-passcode-minimum-length.json", "com.apple.configuration.passcode.settings",
         "com.example.config.passcode-strict", {
             "RequirePasscode": True, "MinimumLength": 20, "MaximumFailedAttempts": 6},
         ["error range Payload.MinimumLength"],
         "INVALID: MinimumLength 20 is above the range 0\u201316.")
    decl(A + "invalid-softwareupdate-settings-download.json",
         "com.apple.configuration.softwareupdate.settings", "com.example.config.su-settings-typo", {
             "Notifications": True,
             "AutomaticActions": {"Download": "Always", "InstallOSUpdates": "Allowed"}},
         ["error rangelist Payload.AutomaticActions.Download"],
         "INVALID: AutomaticActions.Download \u201cAlways\u201d is not one of Allowed, AlwaysOn, "
         "AlwaysOff.")
    decl(A + "invalid-enforcement-no-datetime.json",
         "com.apple.configuration.softwareupdate.enforcement.specific",
         "com.example.config.enforce-15-2", {"TargetOSVersion": "15.2",
                                             "TargetBuildVersion": "24C101"},
         ["error required Payload.TargetLocalDateTime"],
         "INVALID: an enforcement without its required TargetLocalDateTime.")


# ----------------------------------------------------------------------------------------------
# Configuration profiles
# ----------------------------------------------------------------------------------------------

def profile(file, ident, name, payloads, findings=(), desc="", org="Example Corp", **top):
    d = dict(PayloadContent=payloads, PayloadDisplayName=name, PayloadIdentifier=ident,
             PayloadOrganization=org, PayloadRemovalDisallowed=False, PayloadType="Configuration",
             PayloadUUID=ruuid("top/" + ident), PayloadVersion=1)
    d.update(top)
    case(file, "profile", "Configuration", d, findings, desc, None)


def payload(ptype, ident, display, **keys):
    d = dict(keys)
    d.update(PayloadDisplayName=display, PayloadIdentifier=ident, PayloadType=ptype,
             PayloadUUID=ruuid("payload/" + ident), PayloadVersion=1)
    return d


def profiles():
    P = "profiles/"
    profile(P + "wifi-guest.mobileconfig", "com.example.wifi.guest", "Guest Wi-Fi", [
        payload("com.apple.wifi.managed", "com.example.wifi.guest.payload",
                "Wi-Fi (ExampleCorp-Guest)", AutoJoin=True, EncryptionType="WPA2",
                HIDDEN_NETWORK=False, Password="Welcome-2024!", ProxyType="None",
                SSID_STR="ExampleCorp-Guest")],
        desc="WPA2 personal Wi-Fi for iOS and macOS.")
    profile(P + "passcode-policy.mobileconfig", "com.example.passcode", "Passcode Policy", [
        payload("com.apple.mobiledevice.passwordpolicy", "com.example.passcode.payload", "Passcode",
                allowSimple=False, forcePIN=True, maxFailedAttempts=10, maxGracePeriod=1,
                maxInactivity=5, maxPINAgeInDays=180, minComplexChars=1, minLength=8,
                pinHistory=5, requireAlphanumeric=True)],
        desc="Passcode policy payload with every value inside its range.")
    profile(P + "restrictions-supervised.mobileconfig", "com.example.restrictions", "Restrictions", [
        payload("com.apple.applicationaccess", "com.example.restrictions.payload", "Restrictions",
                allowAirDrop=False, allowAssistantWhileLocked=False, allowCamera=True,
                allowCloudBackup=True, allowExplicitContent=False, allowScreenShot=False,
                allowUntrustedTLSPrompt=False, forceEncryptedBackup=True, ratingApps=600,
                safariAllowPopups=False)],
        desc="Restrictions for supervised iPhones (booleans as <true/>/<false/>, ratingApps an "
             "integer).")
    profile(P + "dns-over-https-with-root.mobileconfig", "com.example.dns", "Encrypted DNS", [
        payload("com.apple.security.root", "com.example.dns.root", "Example Corp Root CA",
                PayloadCertificateFileName="ExampleCorpRootCA.cer", PayloadContent=CA_DER),
        payload("com.apple.dnsSettings.managed", "com.example.dns.settings", "DNS over HTTPS",
                DNSSettings=dict(DNSProtocol="HTTPS", ServerURL="https://dns.example.com/dns-query",
                                 ServerAddresses=["192.0.2.53", "2001:db8::53"]),
                ProhibitDisablement=False)],
        desc="Root CA plus encrypted DNS; two payloads, unique PayloadUUIDs.")
    profile(P + "macos-security-baseline.mobileconfig", "com.example.macos.security",
            "macOS Security Baseline", [
                payload("com.apple.security.firewall", "com.example.macos.security.firewall",
                        "Firewall", EnableFirewall=True, BlockAllIncoming=False,
                        EnableStealthMode=True, AllowSigned=True, AllowSignedApp=True),
                payload("com.apple.SoftwareUpdate", "com.example.macos.security.swupdate",
                        "Software Update", AutomaticCheckEnabled=True, AutomaticDownload=True,
                        CriticalUpdateInstall=True, ConfigDataInstall=True,
                        AutomaticallyInstallMacOSUpdates=False),
                payload("com.apple.screensaver", "com.example.macos.security.screensaver",
                        "Screen Saver", askForPassword=True, askForPasswordDelay=5,
                        loginWindowIdleTime=600, moduleName="Flurry")],
            desc="macOS firewall, software update and screen saver with correct types.",
            PayloadScope="System")
    profile(P + "webclip-intranet.mobileconfig", "com.example.webclip", "Intranet", [
        payload("com.apple.webClip.managed", "com.example.webclip.payload", "Intranet",
                Label="Intranet", URL="https://intranet.example.com/", IsRemovable=False,
                FullScreen=False, Precomposed=True)],
        desc="Home Screen web clip.")

    # The coercions macOS accepts; the rules report them as type errors.
    profile(P + "invalid-firewall-integer-boolean.mobileconfig", "com.example.macos.firewall",
            "Firewall", [
                payload("com.apple.security.firewall", "com.example.macos.firewall.payload",
                        "Firewall", EnableFirewall=1, BlockAllIncoming=False,
                        EnableStealthMode=True)],
            ["error type PayloadContent[0].EnableFirewall"],
            "INVALID (accepted by macOS): EnableFirewall written as <integer>1</integer> where the "
            "schema says <boolean>.", PayloadScope="System")
    profile(P + "invalid-softwareupdate-string-boolean.mobileconfig", "com.example.macos.swupdate",
            "Software Update", [
                payload("com.apple.SoftwareUpdate", "com.example.macos.swupdate.payload",
                        "Software Update", AutomaticCheckEnabled="true", AutomaticDownload=True,
                        CriticalUpdateInstall=True)],
            ["error type PayloadContent[0].AutomaticCheckEnabled"],
            "INVALID (accepted by macOS): AutomaticCheckEnabled written as <string>true</string>.",
            PayloadScope="System")
    profile(P + "invalid-screensaver-string-integer.mobileconfig", "com.example.macos.screensaver",
            "Screen Saver", [
                payload("com.apple.screensaver", "com.example.macos.screensaver.payload",
                        "Screen Saver", askForPassword=True, askForPasswordDelay="5",
                        moduleName="Flurry")],
            ["error type PayloadContent[0].askForPasswordDelay"],
            "INVALID (accepted by macOS): askForPasswordDelay written as <string>5</string> where "
            "the schema says <integer>.", PayloadScope="System")
    profile(P + "invalid-dns-protocol.mobileconfig", "com.example.dns-typo", "Encrypted DNS", [
        payload("com.apple.security.root", "com.example.dns-typo.root", "Example Corp Root CA",
                PayloadCertificateFileName="ExampleCorpRootCA.cer", PayloadContent=CA_DER),
        payload("com.apple.dnsSettings.managed", "com.example.dns-typo.settings", "DNS over HTTPS",
                DNSSettings=dict(DNSProtocol="DoH", ServerURL="https://dns.example.com/dns-query"))],
        ["error rangelist PayloadContent[1].DNSSettings.DNSProtocol"],
        "INVALID: DNSProtocol \u201cDoH\u201d is not one of HTTPS, TLS (second payload).")
    profile(P + "invalid-webclip-url.mobileconfig", "com.example.webclip-typo", "Intranet", [
        payload("com.apple.webClip.managed", "com.example.webclip-typo.payload", "Intranet",
                Label="Intranet", URL="https//intranet.example.com/", IsRemovable=False)],
        ["error valuetype PayloadContent[0].URL"],
        "INVALID: URL \u201chttps//intranet.example.com/\u201d (the colon is missing) is not a URL.")
    wifi = payload("com.apple.wifi.managed", "com.example.wifi.corp.payload", "Wi-Fi (ExampleCorp)",
                   AutoJoin=True, EncryptionType="WPA2", SSID_STR="ExampleCorp",
                   EAPClientConfiguration=dict(
                       AcceptEAPTypes=[25], TTLSInnerAuthentication="MSCHAPv2",
                       TLSTrustedServerNames=["radius.example.com"],
                       PayloadCertificateAnchorUUID=["{" + ruuid("payload/com.example.wifi.corp.root") + "}"]))
    profile(P + "invalid-wifi-eap-anchor-uuid.mobileconfig", "com.example.wifi.corp", "Corporate Wi-Fi", [
        payload("com.apple.security.root", "com.example.wifi.corp.root", "Example Corp Root CA",
                PayloadCertificateFileName="ExampleCorpRootCA.cer", PayloadContent=CA_DER),
        wifi],
        ["error format PayloadContent[1].EAPClientConfiguration.PayloadCertificateAnchorUUID[0]"],
        "INVALID: WPA2 Enterprise (PEAP) trusting the root payload, whose UUID was pasted with "
        "braces ({\u2026}), which the UUID format does not allow.")
    clip = payload("com.apple.webClip.managed", "com.example.webclip-nouuid.payload", "Help Desk",
                   Label="Help Desk", URL="https://help.example.com/")
    del clip["PayloadUUID"]
    profile(P + "invalid-payload-missing-uuid.mobileconfig", "com.example.webclip-nouuid",
            "Help Desk", [clip], ["error required PayloadContent[0].PayloadUUID"],
            "INVALID: a hand-written payload without PayloadUUID (a common payload key).")


# ----------------------------------------------------------------------------------------------
# Writing
# ----------------------------------------------------------------------------------------------

HEADER = """\
# Validation corpus: real-looking device messages and admin files, each with the findings the
# validator must make for it. Written by make_corpus.py (edit the script, then rerun it).
#
# Fields: file (relative to tests/corpus/), kind (checkin | response | status-report |
# declaration | profile), schema (the wire identifier the validator must find), request_type and
# status (responses), os/channel/enrollment/supervised/shared_ipad (the device context; absent
# for declarations and profiles, which are validated without one), form (declarations:
# authored | sent), findings (exactly these, order-free, as "<severity> <rule> <path>"),
# description.
#
# Rules the findings follow: a required key is reported missing only where it exists in the
# context (resolved supportedOS of the platform: introduced not n/a and <= the version, not
# removed; devicechannel/userchannel; userenrollment.mode and sharedipad.mode); UDID is never
# required under User Enrollment and EnrollmentID never outside it; a response's body keys are
# required only when Status is Acknowledged; an authored declaration needs no ServerToken, a sent
# one does; no availability findings for device messages, and none where no context is given.
# Decisions taken here: a response's envelope is CommandUUID, Status, UDID, EnrollmentID,
# EnrollmentUserID, UserID, UserShortName, UserLongName, ErrorChain and an echoed RequestType;
# an Idle response has no CommandUUID and needs none; an unknown status item is reported at its
# full dotted name under StatusItems.
"""


def toml_str(s):
    return json.dumps(s, ensure_ascii=False)


def write_all():
    for sub in ("checkin", "responses", "status", "declarations", "profiles"):
        os.makedirs(os.path.join(HERE, sub), exist_ok=True)
    seen = set()
    for c in CASES:
        if c["file"] in seen:
            raise SystemExit(f"duplicate file {c['file']}")
        seen.add(c["file"])
        path = os.path.join(HERE, c["file"])
        if c["kind"] in ("checkin", "response"):
            data = plistlib.dumps(c["doc"], fmt=plistlib.FMT_XML, sort_keys=True)
        elif c["kind"] == "profile":
            data = plistlib.dumps(c["doc"], fmt=plistlib.FMT_XML, sort_keys=False)
        else:
            data = (json.dumps(c["doc"], indent=2, ensure_ascii=False) + "\n").encode()
        with open(path, "wb") as f:
            f.write(data)
    lines = [HEADER]
    for c in CASES:
        lines.append("[[case]]")
        lines.append(f"file = {toml_str(c['file'])}")
        lines.append(f"kind = {toml_str(c['kind'])}")
        lines.append(f"schema = {toml_str(c['schema'])}")
        ex = c["extra"]
        if "request_type" in ex:
            lines.append(f"request_type = {toml_str(ex['request_type'])}")
            lines.append(f"status = {toml_str(ex['status'])}")
        cx = c["context"]
        if cx:
            lines.append(f"os = {toml_str(cx['os'])}")
            lines.append(f"channel = {toml_str(cx['channel'])}")
            lines.append(f"enrollment = {toml_str(cx['enrollment'])}")
            if cx["supervised"]:
                lines.append("supervised = true")
            if cx["shared_ipad"]:
                lines.append("shared_ipad = true")
        if "form" in ex:
            lines.append(f"form = {toml_str(ex['form'])}")
        lines.append("findings = [" + ", ".join(toml_str(f) for f in c["findings"]) + "]")
        lines.append(f"description = {toml_str(c['description'])}")
        lines.append("")
    with open(os.path.join(HERE, "manifest.toml"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


# ----------------------------------------------------------------------------------------------
# --check: an independent reading of the rules against Apple's YAML
# ----------------------------------------------------------------------------------------------

ENVELOPE = {"CommandUUID", "Status", "UDID", "EnrollmentID", "EnrollmentUserID", "UserID",
            "UserShortName", "UserLongName", "ErrorChain", "RequestType"}


class Schemas:
    ID_RE = re.compile(r"^  (requesttype|payloadtype|declarationtype|statusitemtype): *'?([^'\s]+)'?",
                       re.M)

    def __init__(self, root):
        import yaml  # only --check needs PyYAML
        self.yaml = yaml
        self.root = root
        self.index = {}
        for folder, cat in (("mdm/checkin", "checkin"), ("mdm/commands", "command"),
                            ("mdm/profiles", "profile"), ("declarative/declarations", "declaration"),
                            ("declarative/status", "status"), ("declarative/protocol", "protocol")):
            for dirpath, _, files in os.walk(os.path.join(root, folder)):
                for fn in sorted(files):
                    if not fn.endswith(".yaml"):
                        continue
                    p = os.path.join(dirpath, fn)
                    m = self.ID_RE.search(open(p, encoding="utf-8").read())
                    if not m:
                        continue
                    key = (cat, m.group(2))
                    # Several profile files share a PayloadType: the file named after it wins.
                    if key in self.index and fn[:-5] != m.group(2):
                        continue
                    self.index[key] = p
        self.cache = {}

    def get(self, cat, ident):
        p = self.index.get((cat, ident))
        if p is None:
            return None
        if p not in self.cache:
            self.cache[p] = self.yaml.safe_load(open(p, encoding="utf-8"))
        return self.cache[p]

    def status_items(self):
        return {ident: self.get(cat, ident) for (cat, ident) in self.index if cat == "status"}


def ver(s):
    return tuple(int(x) for x in str(s).split("."))


def cmp_ver(a, b):
    a, b = list(a), list(b)
    n = max(len(a), len(b))
    a += [0] * (n - len(a))
    b += [0] * (n - len(b))
    return (a > b) - (a < b)


class Ctx:
    def __init__(self, c):
        self.platform, v = c["os"].split(":")
        self.version = ver(v)
        self.channel = c["channel"]
        self.enrollment = c["enrollment"]
        self.shared = c["shared_ipad"]


def merge_so(parent, own):
    if not own:
        return parent
    out = {k: dict(v) for k, v in (parent or {}).items()}
    for os_, v in own.items():
        base = dict(out.get(os_) or {})
        base.update(v or {})
        out[os_] = base
    return out


def exists(so, ctx, name, top):
    if ctx is None:
        return True
    if top and name == "UDID" and ctx.enrollment == "user":
        return False
    if top and name == "EnrollmentID" and ctx.enrollment != "user":
        return False
    if not so:
        return True
    e = so.get(ctx.platform)
    if e is None:
        return False
    intro = str(e.get("introduced", "all"))
    if intro == "n/a":
        return False
    if intro != "all" and cmp_ver(ver(intro), ctx.version) > 0:
        return False
    rem = e.get("removed")
    if rem not in (None, "n/a"):
        if str(rem) == "0" or cmp_ver(ver(rem), ctx.version) <= 0:
            return False
    if ctx.channel == "device" and e.get("devicechannel") is False:
        return False
    if ctx.channel == "user" and e.get("userchannel") is False:
        return False
    ue = (e.get("userenrollment") or {}).get("mode")
    if ue == "required" and ctx.enrollment != "user":
        return False
    if ue == "forbidden" and ctx.enrollment == "user":
        return False
    si = (e.get("sharedipad") or {}).get("mode")
    if si == "required" and not ctx.shared:
        return False
    if si == "forbidden" and ctx.shared:
        return False
    return True


def kind_of(v):
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "real"
    if isinstance(v, str):
        return "string"
    if isinstance(v, datetime.datetime):
        return "date"
    if isinstance(v, bytes):
        return "data"
    if isinstance(v, list):
        return "array"
    if isinstance(v, dict):
        return "dictionary"
    return "?"


def type_ok(t, v, js):
    t = t.strip("<>")
    k = kind_of(v)
    return (t == "any" or t == k or (t == "real" and k == "integer")
            or (js and t in ("date", "data") and k == "string"))


def same(a, b):
    return kind_of(a) == kind_of(b) and a == b or (
        {kind_of(a), kind_of(b)} == {"integer", "real"} and a == b)


def join(path, name):
    return f"{path}.{name}" if path else name


class Checker:
    def __init__(self, ctx, js):
        self.ctx, self.js, self.out = ctx, js, []

    def add(self, sev, rule, path):
        self.out.append(f"{sev} {rule} {path}")

    def dict_(self, keys, d, path, so, top=False, skip=(), body_required=True):
        named = [k for k in keys if not k["key"].startswith("ANY")]
        anys = [k for k in keys if k["key"].startswith("ANY")]
        names = {k["key"] for k in named}
        for k in named:
            kso = merge_so(so, k.get("supportedOS"))
            if k["key"] in d:
                self.value(k, d[k["key"]], join(path, k["key"]), kso)
            elif (k.get("presence") == "required" and body_required
                  and exists(kso, self.ctx, k["key"], top)):
                self.add("error", "required", join(path, k["key"]))
        for name, v in d.items():
            if name in names or (top and name in skip):
                continue
            if anys:
                self.value(anys[0], v, join(path, name), merge_so(so, anys[0].get("supportedOS")))
            else:
                self.add("warning", "unknown-key", join(path, name))

    def value(self, k, v, path, so):
        if not type_ok(k["type"], v, self.js):
            self.add("error", "type", path)
            return
        if "rangelist" in k and not isinstance(v, (list, dict)):
            if not any(same(v, r) for r in k["rangelist"]):
                self.add("error", "rangelist", path)
        if "range" in k and kind_of(v) in ("integer", "real"):
            r = k["range"]
            if ("min" in r and v < r["min"]) or ("max" in r and v > r["max"]):
                self.add("error", "range", path)
        if "format" in k and isinstance(v, str) and not re.search(k["format"], v):
            self.add("error", "format", path)
        vt = (k.get("valuetype") or k.get("subtype") or "").strip("<>")
        if vt and isinstance(v, str):
            ok = {"url": r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$",
                  "hostname": r"^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$"}.get(vt)
            if ok and not re.search(ok, v):
                self.add("error", "valuetype", path)
        subs = k.get("subkeys") or []
        if isinstance(v, dict) and subs:
            self.dict_(subs, v, path, so)
        elif isinstance(v, list) and subs:
            item = subs[0]
            rep = k.get("repetition") or item.get("repetition")
            if rep and (("min" in rep and len(v) < rep["min"]) or ("max" in rep and len(v) > rep["max"])):
                self.add("error", "repetition", path)
            iso = merge_so(so, item.get("supportedOS"))
            for i, x in enumerate(v):
                self.value(item, x, f"{path}[{i}]", iso)


def check_case(S, c):
    ctx = Ctx(c["context"]) if c["context"] else None
    doc, kind = c["doc"], c["kind"]
    if kind == "checkin":
        y = S.get("checkin", doc["MessageType"])
        ch = Checker(ctx, False)
        ch.dict_(y["payloadkeys"], doc, "", y["payload"].get("supportedOS"), top=True)
    elif kind == "response":
        y = S.get("command", c["extra"]["request_type"])
        ch = Checker(ctx, False)
        status = doc.get("Status")
        if status != "Idle" and "CommandUUID" not in doc:
            ch.add("error", "required", "CommandUUID")
        ch.dict_(y.get("responsekeys") or [], doc, "", y["payload"].get("supportedOS"), top=True,
                 skip=ENVELOPE, body_required=(status == "Acknowledged"))
    elif kind == "declaration":
        base = S.get("declaration", "any")
        ch = Checker(None, True)
        keys = [k for k in base["payloadkeys"] if k["key"] != "Payload"
                and not (k["key"] == "ServerToken" and c["extra"]["form"] == "authored")]
        env_doc = {k: v for k, v in doc.items() if k != "Payload"}
        if c["extra"]["form"] == "authored":
            env_doc.pop("ServerToken", None)
        ch.dict_(keys, env_doc, "", None, top=True)
        y = S.get("declaration", doc["Type"])
        ch.dict_(y["payloadkeys"], doc["Payload"], "Payload", y["payload"].get("supportedOS"))
    elif kind == "status-report":
        y = S.get("protocol", "StatusReport")
        ch = Checker(ctx, True)
        keys = [k for k in y["payloadkeys"] if k["key"] != "StatusItems"]
        ch.dict_(keys, {k: v for k, v in doc.items() if k != "StatusItems"}, "",
                 y["payload"].get("supportedOS"), top=True)
        items = S.status_items()
        prefixes = set()
        for name in items:
            parts = name.split(".")
            for i in range(1, len(parts)):
                prefixes.add(".".join(parts[:i]))

        def walk(d, dotted, path):
            for k, v in d.items():
                name = f"{dotted}.{k}" if dotted else k
                p = f"{path}.{k}"
                if name in items:
                    iy = items[name]
                    spec = [s for s in iy["payloadkeys"] if s["key"] == name][0]
                    ch.value(spec, v, p, merge_so(iy["payload"].get("supportedOS"), spec.get("supportedOS")))
                elif name in prefixes and isinstance(v, dict):
                    walk(v, name, p)
                elif isinstance(v, dict) and v:
                    walk(v, name, p)  # every leaf of an unknown item
                else:
                    ch.add("warning", "unknown-key", p)

        walk(doc["StatusItems"], "", "StatusItems")
    elif kind == "profile":
        top = S.get("profile", "TopLevel")
        common = S.get("profile", "CommonPayloadKeys")
        ch = Checker(None, False)
        ch.dict_([k for k in top["payloadkeys"] if k["key"] != "PayloadContent"],
                 {k: v for k, v in doc.items() if k != "PayloadContent"}, "", None, top=True)
        for i, item in enumerate(doc["PayloadContent"]):
            y = S.get("profile", item.get("PayloadType"))
            own = y["payloadkeys"]
            names = {k["key"] for k in own}
            keys = own + [k for k in common["payloadkeys"] if k["key"] not in names]
            ch.dict_(keys, item, f"PayloadContent[{i}]", None)
    else:
        raise SystemExit(kind)
    return ch.out


def check():
    root = os.environ.get("DM_SCHEMAS") or os.path.normpath(
        os.path.join(HERE, "..", "..", "..", "shared", "device-management", "release-18.1"))
    S = Schemas(root)
    bad = 0
    for c in CASES:
        got = sorted(check_case(S, c))
        want = sorted(c["findings"])
        if got != want:
            bad += 1
            print(f"MISMATCH {c['file']}\n  manifest: {want}\n  checker:  {got}")
    print(f"{len(CASES)} cases, {bad} mismatches")
    return bad == 0


def main():
    checkins()
    responses()
    status_reports()
    declarations()
    profiles()
    write_all()
    if "--check" in sys.argv[1:]:
        sys.exit(0 if check() else 1)


if __name__ == "__main__":
    main()

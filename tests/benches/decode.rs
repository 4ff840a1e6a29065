//! Decoding a device response into its generated type versus into `plist::Value`, from the
//! same XML and binary bytes: the typed decode must be no slower.

use apple_device_management::commands::system_update_schedule::ScheduleOSUpdateResponse;
use apple_device_management::runtime::CommandResponse;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

/// A ScheduleOSUpdate response with 50 update results, as a device sends it.
fn response_xml() -> Vec<u8> {
    let mut items = String::new();
    for i in 0..50 {
        items.push_str(&format!(
            "<dict><key>InstallAction</key><string>DownloadOnly</string><key>ProductKey</key><string>iOSUpdate17A{i:03}</string>\
             <key>Status</key><string>Downloading</string></dict>"
        ));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n\
         <plist version=\"1.0\"><dict><key>CommandUUID</key><string>0001_ScheduleOSUpdate</string><key>Status</key><string>Acknowledged</string>\
         <key>UDID</key><string>00008020-000915083C80012E</string><key>UpdateResults</key><array>{items}</array></dict></plist>"
    )
    .into_bytes()
}

fn decode(c: &mut Criterion) {
    let xml = response_xml();
    let value = plist::Value::from_reader(std::io::Cursor::new(&xml)).expect("valid plist");
    let mut binary = Vec::new();
    value.to_writer_binary(&mut binary).expect("binary");
    for (name, bytes) in [("xml", &xml), ("binary", &binary)] {
        let mut g = c.benchmark_group(format!("decode_response_{name}"));
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function("plist::Value", |b| b.iter(|| plist::Value::from_reader(std::io::Cursor::new(bytes)).map(|_| ()).is_ok()));
        g.bench_function("typed_body", |b| {
            b.iter(|| apple_device_management::runtime::codec::from_plist::<ScheduleOSUpdateResponse>(bytes).map(|_| ()).is_ok())
        });
        g.bench_function("typed_with_envelope", |b| {
            b.iter(|| apple_device_management::runtime::codec::from_plist::<CommandResponse<ScheduleOSUpdateResponse>>(bytes).map(|_| ()).is_ok())
        });
        g.finish();
    }
}

criterion_group!(benches, decode);
criterion_main!(benches);

//! Host tests: what reaches the device, and level filtering.

extern crate std;

use super::*;
use kernel_core::services::chardev::CharDevice;
use log::Log;
use std::string::String;
use std::sync::Mutex;

struct Recorder(Mutex<String>);

impl CharDevice for Recorder {
    fn name(&self) -> &str {
        "recorder"
    }
    fn write(&self, bytes: &[u8]) {
        self.0
            .lock()
            .unwrap()
            .push_str(core::str::from_utf8(bytes).unwrap());
    }
    fn try_read(&self) -> Option<u8> {
        None
    }
}

fn leak_recorder() -> &'static Recorder {
    std::boxed::Box::leak(std::boxed::Box::new(Recorder(Mutex::new(String::new()))))
}

fn record(console: &Console, level: log::Level, text: &str) {
    console.log(
        &log::Record::builder()
            .level(level)
            .args(format_args!("{text}"))
            .build(),
    );
}

#[test]
fn info_lines_get_the_lichen_prefix_and_debug_is_filtered() {
    let device = leak_recorder();
    let console = Console::new(ConsoleCaps { device });
    record(&console, log::Level::Info, "memory: 512 MiB");
    record(&console, log::Level::Debug, "hidden");
    record(&console, log::Level::Warn, "odd");
    assert_eq!(
        *device.0.lock().unwrap(),
        "lichen: memory: 512 MiB\nlichen: warning: odd\n"
    );
}

#[test]
fn loglevel_follows_linux_numbers() {
    let device = leak_recorder();
    let console = Console::new(ConsoleCaps { device });
    console.set_linux_loglevel(8);
    record(&console, log::Level::Debug, "shown");
    console.set_linux_loglevel(7);
    record(&console, log::Level::Debug, "hidden at the default");
    record(&console, log::Level::Info, "info");
    console.set_linux_loglevel(4); // what `quiet` sets
    record(&console, log::Level::Warn, "hidden");
    record(&console, log::Level::Error, "bad");
    assert_eq!(
        *device.0.lock().unwrap(),
        "lichen: debug: shown\nlichen: info\nlichen: error: bad\n"
    );
}

#[test]
fn set_device_redirects_output() {
    let first = leak_recorder();
    let second = leak_recorder();
    let console = Console::new(ConsoleCaps { device: first });
    console.print(format_args!("one\n"));
    console.set_device(second);
    console.print(format_args!("two\n"));
    assert_eq!(*first.0.lock().unwrap(), "one\n");
    assert_eq!(*second.0.lock().unwrap(), "two\n");
}

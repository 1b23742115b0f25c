//! How console lines begin, by severity.

/// The prefix of a log line: `lichen: ` for information, with the severity spelled out
/// otherwise, so that test harnesses and people can grep for it.
pub fn prefix_for(level: log::Level) -> &'static str {
    match level {
        log::Level::Error => "lichen: error: ",
        log::Level::Warn => "lichen: warning: ",
        log::Level::Info => "lichen: ",
        log::Level::Debug => "lichen: debug: ",
        log::Level::Trace => "lichen: trace: ",
    }
}

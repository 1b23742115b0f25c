//! APT source lists, both forms: deb822 `.sources` stanzas and one-line `sources.list` entries.

/// One APT source entry, whichever file form it came from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SourceEntry {
    /// `deb` and/or `deb-src`.
    pub types: Vec<String>,
    /// Archive base addresses.
    pub uris: Vec<String>,
    /// Suites (`bookworm`, `bookworm-updates`...).
    pub suites: Vec<String>,
    /// Archive areas (`main`, `contrib`...).
    pub components: Vec<String>,
    /// The keyring path or embedded key, as written (continuation lines kept).
    pub signed_by: Option<String>,
    /// False for deb822 stanzas with `Enabled: no`.
    pub enabled: bool,
}

impl SourceEntry {
    /// Whether this entry provides binary packages from `suite`.
    pub fn serves_binary_suite(&self, suite: &str) -> bool {
        self.enabled
            && self.types.iter().any(|kind| kind == "deb")
            && self.suites.iter().any(|listed| listed == suite)
    }

    /// Whether any URI has a path segment `debian`, as every Debian archive mirror does
    /// (`http://deb.debian.org/debian`, `http://snapshot.debian.org/archive/debian/<date>`).
    fn looks_like_debian_archive(&self) -> bool {
        self.uris.iter().any(|uri| {
            let path = uri.split_once("://").map_or(uri.as_str(), |(_, rest)| rest);
            path.split('/').skip(1).any(|segment| segment == "debian")
        })
    }
}

/// Parses a deb822 `.sources` file: blank-line separated stanzas of `Field: value` lines.
pub fn parse_deb822(text: &str) -> Vec<SourceEntry> {
    let mut entries = Vec::new();
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in text.lines().chain(std::iter::once("")) {
        if line.trim().is_empty() {
            if !fields.is_empty() {
                entries.push(entry_from_fields(&fields));
                fields.clear();
            }
        } else if line.starts_with('#') {
            continue;
        } else if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = fields.last_mut() {
                value.push('\n');
                value.push_str(line);
            }
        } else if let Some((name, value)) = line.split_once(':') {
            fields.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    entries
}

/// Builds an entry from one stanza's fields (names lower-cased).
fn entry_from_fields(fields: &[(String, String)]) -> SourceEntry {
    let field = |name: &str| {
        fields
            .iter()
            .find(|(field_name, _)| field_name == name)
            .map(|(_, value)| value.as_str())
    };
    let words = |name: &str| -> Vec<String> {
        field(name)
            .map(|value| value.split_whitespace().map(String::from).collect())
            .unwrap_or_default()
    };
    SourceEntry {
        types: words("types"),
        uris: words("uris"),
        suites: words("suites"),
        components: words("components"),
        signed_by: field("signed-by").map(String::from),
        enabled: field("enabled").is_none_or(|value| !value.eq_ignore_ascii_case("no")),
    }
}

/// Parses one-line `sources.list` text: `deb [options] uri suite component...` per line.
pub fn parse_one_line(text: &str) -> Vec<SourceEntry> {
    text.lines().filter_map(parse_one_line_entry).collect()
}

/// Parses one line of `sources.list`; `None` for comments, blanks and malformed lines.
fn parse_one_line_entry(line: &str) -> Option<SourceEntry> {
    let line = line.split_once('#').map_or(line, |(before, _)| before);
    let mut rest = line.trim();
    let (kind, after_kind) = rest.split_once(char::is_whitespace)?;
    if kind != "deb" && kind != "deb-src" {
        return None;
    }
    rest = after_kind.trim_start();
    let mut signed_by = None;
    if let Some(options_start) = rest.strip_prefix('[') {
        let (options, after_options) = options_start.split_once(']')?;
        for option in options.split_whitespace() {
            if let Some(value) = option.strip_prefix("signed-by=") {
                signed_by = Some(value.to_string());
            }
        }
        rest = after_options;
    }
    let mut words = rest.split_whitespace();
    let uri = words.next()?;
    let suite = words.next()?;
    Some(SourceEntry {
        types: vec![kind.to_string()],
        uris: vec![uri.to_string()],
        suites: vec![suite.to_string()],
        components: words.map(String::from).collect(),
        signed_by,
        enabled: true,
    })
}

/// Whether any enabled entry already serves `suite` (e.g. `bookworm-backports`).
pub fn any_serves_suite(entries: &[SourceEntry], suite: &str) -> bool {
    entries.iter().any(|entry| entry.serves_binary_suite(suite))
}

/// The entry for the main Debian archive of release `codename`: binary, suite exactly
/// `codename`, component `main`; a URI with a `debian` path segment is preferred over others.
pub fn main_archive<'a>(entries: &'a [SourceEntry], codename: &str) -> Option<&'a SourceEntry> {
    let mut candidates = entries.iter().filter(|entry| {
        entry.serves_binary_suite(codename) && entry.components.iter().any(|c| c == "main")
    });
    let first = candidates.clone().next()?;
    Some(
        candidates
            .find(|entry| entry.looks_like_debian_archive())
            .unwrap_or(first),
    )
}

/// The deb822 stanza enabling `<codename>-backports` from the same archive as `archive`.
pub fn backports_stanza(archive: &SourceEntry, codename: &str) -> String {
    let mut stanza = String::from(
        "# Written by `cargo xtask setup`: Debian backports, for QEMU >= 9.2.\n\
         # Copied from this machine's main archive entry.\n\
         Types: deb\n",
    );
    stanza.push_str(&format!("URIs: {}\n", archive.uris.join(" ")));
    stanza.push_str(&format!("Suites: {codename}-backports\n"));
    stanza.push_str(&format!("Components: {}\n", archive.components.join(" ")));
    if let Some(signed_by) = &archive.signed_by {
        stanza.push_str(&format!("Signed-By: {signed_by}\n"));
    }
    stanza
}

/// The release codename (`VERSION_CODENAME`) from the text of `/etc/os-release`.
pub fn codename_from_os_release(text: &str) -> Option<String> {
    text.lines()
        .find_map(|line| line.strip_prefix("VERSION_CODENAME="))
        .map(|value| value.trim().trim_matches(['"', '\'']).to_string())
        .filter(|codename| !codename.is_empty())
}

#[cfg(test)]
mod tests;

//! Tests of APT source parsing and backports derivation on sample texts.

use super::*;

/// The shape of this machine's `debian.sources` (Debian 12 container images).
const DEB822_BOOKWORM: &str = "\
Types: deb
# http://snapshot.debian.org/archive/debian/20250520T000000Z
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
# http://snapshot.debian.org/archive/debian-security/20250520T000000Z
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
";

const ONE_LINE: &str = "\
# deb cdrom:[Debian GNU/Linux 12.5.0 _Bookworm_]/ bookworm main
deb https://download.docker.com/linux/debian bookworm stable
deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://ftp.de.debian.org/debian/ bookworm main contrib non-free-firmware
deb-src http://ftp.de.debian.org/debian/ bookworm main
deb http://security.debian.org/debian-security bookworm-security main  # security
";

#[test]
fn deb822_stanzas_are_split_and_fields_read() {
    let entries = parse_deb822(DEB822_BOOKWORM);
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].types, ["deb"]);
    assert_eq!(entries[0].uris, ["http://deb.debian.org/debian"]);
    assert_eq!(entries[0].suites, ["bookworm", "bookworm-updates"]);
    assert_eq!(entries[0].components, ["main"]);
    assert_eq!(
        entries[0].signed_by.as_deref(),
        Some("/usr/share/keyrings/debian-archive-keyring.gpg")
    );
    assert!(entries[0].enabled);
    assert_eq!(entries[1].suites, ["bookworm-security"]);
}

#[test]
fn deb822_main_archive_gives_the_backports_stanza() {
    let entries = parse_deb822(DEB822_BOOKWORM);
    let archive = main_archive(&entries, "bookworm").expect("main archive");
    let stanza = backports_stanza(archive, "bookworm");
    let reparsed = parse_deb822(&stanza);
    assert_eq!(reparsed.len(), 1);
    assert_eq!(reparsed[0].types, ["deb"]);
    assert_eq!(reparsed[0].uris, ["http://deb.debian.org/debian"]);
    assert_eq!(reparsed[0].suites, ["bookworm-backports"]);
    assert_eq!(reparsed[0].components, ["main"]);
    assert_eq!(reparsed[0].signed_by, archive.signed_by);
    assert!(stanza.contains("Suites: bookworm-backports\n"));
}

#[test]
fn one_line_entries_are_parsed_with_options_and_comments() {
    let entries = parse_one_line(ONE_LINE);
    assert_eq!(entries.len(), 4);
    assert_eq!(
        entries[0].uris,
        ["https://download.docker.com/linux/debian"]
    );
    assert_eq!(entries[0].components, ["stable"]);
    assert_eq!(entries[1].uris, ["http://ftp.de.debian.org/debian/"]);
    assert_eq!(
        entries[1].components,
        ["main", "contrib", "non-free-firmware"]
    );
    assert_eq!(
        entries[1].signed_by.as_deref(),
        Some("/usr/share/keyrings/debian-archive-keyring.gpg")
    );
    assert_eq!(entries[2].types, ["deb-src"]);
    assert_eq!(entries[3].suites, ["bookworm-security"]);
    assert_eq!(entries[3].components, ["main"]);
}

#[test]
fn one_line_main_archive_skips_third_party_and_source_entries() {
    let entries = parse_one_line(ONE_LINE);
    let archive = main_archive(&entries, "bookworm").expect("main archive");
    assert_eq!(archive.uris, ["http://ftp.de.debian.org/debian/"]);
    assert_eq!(archive.types, ["deb"]);
    let stanza = backports_stanza(archive, "bookworm");
    assert!(stanza.contains("URIs: http://ftp.de.debian.org/debian/\n"));
    assert!(stanza.contains("Components: main contrib non-free-firmware\n"));
    assert!(stanza.contains("Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n"));
}

#[test]
fn a_debian_path_segment_is_preferred_over_an_earlier_main_entry() {
    let text = "\
deb http://apt.example.org/repo bookworm main
deb http://mirror.example.net/debian bookworm main
";
    let entries = parse_one_line(text);
    let archive = main_archive(&entries, "bookworm").expect("main archive");
    assert_eq!(archive.uris, ["http://mirror.example.net/debian"]);
}

#[test]
fn without_a_debian_segment_the_first_main_entry_is_taken() {
    let entries = parse_one_line("deb http://mirror.example.net/pub bookworm main\n");
    let archive = main_archive(&entries, "bookworm").expect("main archive");
    assert_eq!(archive.uris, ["http://mirror.example.net/pub"]);
    assert!(main_archive(&entries, "trixie").is_none());
}

#[test]
fn existing_backports_suite_is_detected_in_both_forms() {
    let probe = "\
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
";
    assert!(any_serves_suite(&parse_deb822(probe), "bookworm-backports"));
    assert!(!any_serves_suite(
        &parse_deb822(DEB822_BOOKWORM),
        "bookworm-backports"
    ));
    let one_line = "deb http://deb.debian.org/debian bookworm-backports main\n";
    assert!(any_serves_suite(
        &parse_one_line(one_line),
        "bookworm-backports"
    ));
    assert!(!any_serves_suite(
        &parse_one_line(ONE_LINE),
        "bookworm-backports"
    ));
}

#[test]
fn disabled_stanzas_do_not_count() {
    let text = "\
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Enabled: no
";
    let entries = parse_deb822(text);
    assert_eq!(entries.len(), 1);
    assert!(!entries[0].enabled);
    assert!(!any_serves_suite(&entries, "bookworm-backports"));
}

#[test]
fn embedded_signed_by_key_keeps_its_continuation_lines() {
    let text = "\
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By:
 -----BEGIN PGP PUBLIC KEY BLOCK-----
 .
 mQINBGPL0BUBEADmW5NdOOHwPIJlgPu6JDcKw/NZJPR8lsD3K87ZM18gzyQZJD+w
 -----END PGP PUBLIC KEY BLOCK-----
";
    let entries = parse_deb822(text);
    let archive = main_archive(&entries, "bookworm").expect("main archive");
    let stanza = backports_stanza(archive, "bookworm");
    let reparsed = parse_deb822(&stanza);
    assert_eq!(reparsed.len(), 1, "the key must stay inside one stanza");
    assert_eq!(reparsed[0].signed_by, archive.signed_by);
    assert!(stanza.contains("\n .\n"));
}

#[test]
fn codename_is_read_from_os_release() {
    let os_release =
        "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nVERSION_CODENAME=bookworm\nID=debian\n";
    assert_eq!(
        codename_from_os_release(os_release).as_deref(),
        Some("bookworm")
    );
    assert_eq!(
        codename_from_os_release("VERSION_CODENAME=\"trixie\"\n").as_deref(),
        Some("trixie")
    );
    assert_eq!(codename_from_os_release("ID=debian\n"), None);
}

//! Tests of the device-tree source edits on a trimmed copy of QEMU virt's tree.

use super::*;

/// A trimmed `dtc -O dts` rendering of QEMU 10's virt tree.
const VIRT_DTS: &str = "/dts-v1/;

/ {
\tinterrupt-parent = <0x8002>;
\tdma-coherent;
\tmodel = \"linux,dummy-virt\";
\t#size-cells = <0x02>;
\t#address-cells = <0x02>;
\tcompatible = \"linux,dummy-virt\";

\tmemory@40000000 {
\t\treg = <0x00 0x40000000 0x00 0x20000000>;
\t\tdevice_type = \"memory\";
\t};

\tplatform-bus@c000000 {
\t\tcompatible = \"qemu,platform\\0simple-bus\";
\t};

\tpl031@9010000 {
\t\treg = <0x00 0x9010000 0x00 0x1000>;
\t\tcompatible = \"arm,pl031\\0arm,primecell\";
\t};

\tpl011@9000000 {
\t\tclock-names = \"uartclk\\0apb_pclk\";
\t\treg = <0x00 0x9000000 0x00 0x1000>;
\t\tcompatible = \"arm,pl011\\0arm,primecell\";
\t};

\tintc@8000000 {
\t\tphandle = <0x8002>;
\t\tcompatible = \"arm,gic-v3\";

\t\tits@8080000 {
\t\t\tcompatible = \"arm,gic-v3-its\";
\t\t};
\t};

\taliases {
\t\tserial0 = \"/pl011@9000000\";
\t\trtc0 = \"/pl031@9010000\";
\t};

\tchosen {
\t\tstdout-path = \"/pl011@9000000\";
\t\tkaslr-seed = <0x3bf011b9 0x30aecb5e>;
\t};
};
";

#[test]
fn nodes_get_full_paths_and_own_properties() {
    let lines: Vec<&str> = VIRT_DTS.lines().collect();
    let nodes = parse_nodes(&lines).expect("parse");
    let paths: Vec<&str> = nodes.iter().map(|node| node.path.as_str()).collect();
    assert!(paths.contains(&"/"));
    assert!(paths.contains(&"/intc@8000000/its@8080000"));
    let intc = nodes
        .iter()
        .find(|node| node.path == "/intc@8000000")
        .expect("intc");
    // The child's compatible is not the parent's.
    assert_eq!(intc.strings("compatible"), ["arm,gic-v3"]);
    let uart = nodes
        .iter()
        .find(|node| node.path == "/pl011@9000000")
        .expect("uart");
    assert_eq!(uart.strings("compatible"), ["arm,pl011", "arm,primecell"]);
}

#[test]
fn uart_removal_drops_node_stdout_path_and_alias_only() {
    let edited = remove_uart(VIRT_DTS).expect("edit");
    assert!(!edited.contains("pl011@9000000 {"));
    assert!(!edited.contains("stdout-path"));
    assert!(!edited.contains("serial0"));
    assert!(!edited.contains("uartclk"));
    // Everything else stays: the RTC, its alias, the rest of /chosen, the memory.
    assert!(edited.contains("pl031@9010000 {"));
    assert!(edited.contains("rtc0 = \"/pl031@9010000\";"));
    assert!(edited.contains("kaslr-seed"));
    assert!(edited.contains("device_type = \"memory\";"));
    // The result still parses, with balanced braces.
    let lines: Vec<&str> = edited.lines().collect();
    assert!(parse_nodes(&lines).is_ok());
}

#[test]
fn memory_removal_drops_only_memory_nodes() {
    let edited = remove_memory(VIRT_DTS).expect("edit");
    assert!(!edited.contains("memory@40000000"));
    assert!(!edited.contains("0x40000000 0x00 0x20000000"));
    assert!(edited.contains("pl011@9000000 {"));
    assert!(edited.contains("stdout-path"));
    assert_eq!(
        edited.lines().count(),
        VIRT_DTS.lines().count() - 4,
        "exactly the four lines of the memory node go"
    );
}

#[test]
fn missing_targets_and_unbalanced_sources_are_errors() {
    let no_uart = remove_uart(VIRT_DTS).expect("edit");
    assert!(remove_uart(&no_uart).is_err());
    let no_memory = remove_memory(VIRT_DTS).expect("edit");
    assert!(remove_memory(&no_memory).is_err());
    assert!(remove_memory("/ {\n\tfoo {\n};\n").is_err());
    assert!(remove_memory("};\n").is_err());
}

#[test]
fn string_lists_in_both_spellings() {
    assert_eq!(string_list("\"a\\0b\""), ["a", "b"]);
    assert_eq!(string_list("\"a\", \"b\""), ["a", "b"]);
    assert!(string_list("<0x01>").is_empty());
}

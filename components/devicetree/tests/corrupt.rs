//! Broken blobs: each gives its documented error; thousands of random mutations never panic.

mod common;

use common::{minimal_machine, real_dtb, DtbBuilder, REAL_DTBS};
use devicetree::{device_nodes, parse_platform, Block, DtbError, Fdt, Malformation, MAX_DEPTH};

fn malformed(dtb: &[u8]) -> Malformation {
    match Fdt::new(dtb) {
        Err(DtbError::Malformed { problem, .. }) => problem,
        other => panic!("expected a malformed structure, got {other:?}"),
    }
}

fn root_with(body: impl FnOnce(&mut DtbBuilder)) -> DtbBuilder {
    let mut b = DtbBuilder::new();
    b.begin("");
    body(&mut b);
    b
}

#[test]
fn bad_magic() {
    let mut dtb = minimal_machine(|_| {});
    dtb[0] = 0xde;
    assert_eq!(
        parse_platform(&dtb).unwrap_err(),
        DtbError::BadMagic { found: 0xde0d_feed }
    );
    assert_eq!(
        device_nodes(&[0x7f, b'E', b'L', b'F']).unwrap_err(),
        DtbError::BadMagic { found: 0x7f45_4c46 }
    );
    let message = DtbError::BadMagic { found: 0x7f45_4c46 }.to_string();
    assert!(
        message.contains("not a device tree") && message.contains("0x7f454c46"),
        "{message}"
    );
}

#[test]
fn truncated_at_several_lengths() {
    let dtb = real_dtb("bcm2711-rpi-4-b.dtb");
    let total = dtb.len();
    for length in [0, 3] {
        assert_eq!(
            parse_platform(&dtb[..length]).unwrap_err(),
            DtbError::Truncated {
                needed: 40,
                available: length
            }
        );
    }
    for length in [4, 20, 39] {
        assert_eq!(
            Fdt::new(&dtb[..length]).unwrap_err(),
            DtbError::Truncated {
                needed: 40,
                available: length
            }
        );
    }
    for length in [40, 41, 100, 1000, total / 2, total - 8, total - 1] {
        let expected = DtbError::Truncated {
            needed: total,
            available: length,
        };
        assert_eq!(parse_platform(&dtb[..length]).unwrap_err(), expected);
        assert_eq!(device_nodes(&dtb[..length]).unwrap_err(), expected);
    }
    // As the kernel sees a file cut to 60% but loaded into zeroed RAM: totalsize bytes readable.
    for name in REAL_DTBS.iter().filter(|n| !n.starts_with("qemu")) {
        let mut cut = real_dtb(name);
        let keep = cut.len() * 6 / 10;
        cut[keep..].fill(0);
        let error = parse_platform(&cut).unwrap_err();
        assert!(
            matches!(
                error,
                DtbError::Malformed {
                    problem: Malformation::UnknownToken(0),
                    ..
                }
            ),
            "{name}: {error}"
        );
        assert!(error.to_string().contains("malformed"), "{error}");
    }
    // Extra bytes after totalsize are ignored.
    let mut padded = dtb.clone();
    padded.extend_from_slice(&[0xff; 64]);
    assert_eq!(
        device_nodes(&padded).expect("padded").len(),
        device_nodes(&dtb).expect("exact").len()
    );
}

#[test]
fn header_inconsistencies() {
    let good = minimal_machine(|_| {});
    let set = |index: usize, value: u32| {
        let mut dtb = good.clone();
        dtb[index * 4..index * 4 + 4].copy_from_slice(&value.to_be_bytes());
        Fdt::new(&dtb).map(|_| ()).unwrap_err()
    };
    assert_eq!(
        set(5, 2),
        DtbError::UnsupportedVersion {
            version: 2,
            last_compatible: 16
        }
    );
    assert_eq!(set(1, 8), DtbError::BadTotalSize { size: 8 });
    assert!(matches!(
        set(9, 0x10_0000),
        DtbError::BlockOutOfBounds {
            block: Block::Structure,
            ..
        }
    ));
    assert!(matches!(
        set(3, 0x7fff_fff0),
        DtbError::BlockOutOfBounds {
            block: Block::Strings,
            ..
        }
    ));
    // Reservation block pointed at the structure block: no all-zero-size entry before the end.
    let structure_offset = u32::from_be_bytes([good[8], good[9], good[10], good[11]]);
    let strings_offset = u32::from_be_bytes([good[12], good[13], good[14], good[15]]);
    let mut dtb = good.clone();
    dtb[16..20].copy_from_slice(&structure_offset.to_be_bytes());
    let at = strings_offset as usize;
    let filler = vec![0xaa; dtb.len() - at];
    dtb[at..].copy_from_slice(&filler);
    dtb[8 * 4..9 * 4].copy_from_slice(&0u32.to_be_bytes()); // empty strings block
    assert_eq!(
        Fdt::new(&dtb).unwrap_err(),
        DtbError::UnterminatedReservations
    );
}

#[test]
fn version_16_blob_without_structure_size() {
    let mut dtb = minimal_machine(|_| {});
    dtb[20..24].copy_from_slice(&16u32.to_be_bytes());
    dtb[36..40].copy_from_slice(&0xffff_ffffu32.to_be_bytes()); // not a v16 field
    assert_eq!(parse_platform(&dtb).expect("v16 parses").cpus.len(), 2);
}

#[test]
fn property_running_past_the_structure_block() {
    let mut b = root_with(|b| {
        b.prop_u32s("#address-cells", &[1]);
    });
    let name = b.string_offset("model");
    b.raw_prop(0x1000, name, b"short").end();
    assert_eq!(
        malformed(&b.build()),
        Malformation::PropertyPastEnd { length: 0x1000 }
    );
    let mut b = root_with(|_| {});
    b.raw_prop(u32::MAX, name, &[]).end();
    assert_eq!(
        malformed(&b.build()),
        Malformation::PropertyPastEnd { length: u32::MAX }
    );
}

#[test]
fn string_offset_out_of_range() {
    let mut b = root_with(|b| {
        b.prop_str("model", "x");
    });
    b.raw_prop(4, 0x4000, &[0, 0, 0, 1]).end();
    let dtb = b.build();
    let strings_size = u32::from_be_bytes([dtb[32], dtb[33], dtb[34], dtb[35]]) as usize;
    assert_eq!(
        malformed(&dtb),
        Malformation::NameOffsetOutOfRange {
            name_offset: 0x4000,
            strings_size
        }
    );
    let message = parse_platform(&dtb).unwrap_err().to_string();
    assert!(
        message.contains("name offset 0x4000 is outside the"),
        "{message}"
    );
    // A name offset inside the block whose name has no NUL before the block ends.
    let mut b = root_with(|b| {
        b.prop_u32s("ab", &[1]);
    });
    b.end();
    let mut dtb = b.build();
    let last = dtb.len() - 1;
    assert_eq!(dtb[last], 0);
    dtb[last] = b'x';
    assert_eq!(malformed(&dtb), Malformation::UnterminatedPropertyName);
}

#[test]
fn token_level_corruptions() {
    let mut b = root_with(|_| {});
    b.raw(0x7);
    assert_eq!(malformed(&b.build()), Malformation::UnknownToken(7));
    let b = root_with(|b| {
        b.end();
    });
    assert_eq!(malformed(&b.build_with(false)), Malformation::MissingEnd);
    let b = root_with(|_| {});
    assert_eq!(
        malformed(&b.build()),
        Malformation::EndInsideNode { open: 1 }
    );
    let b = root_with(|b| {
        b.end().end();
    });
    assert_eq!(malformed(&b.build()), Malformation::UnbalancedEndNode);
    let b = root_with(|b| {
        b.end().begin("again").end();
    });
    assert_eq!(malformed(&b.build()), Malformation::SecondRoot);
    let mut b = DtbBuilder::new();
    b.prop_u32s("stray", &[1]).begin("").end();
    assert_eq!(malformed(&b.build()), Malformation::PropertyOutsideNode);
    let mut b = DtbBuilder::new();
    b.nop();
    assert_eq!(malformed(&b.build()), Malformation::NoRoot);
    let mut b = DtbBuilder::new();
    b.raw(1).raw(0x6162_6364); // BEGIN_NODE "abcd" with no NUL, then FDT_END
    assert_eq!(
        malformed(&b.build_with(false)),
        Malformation::UnterminatedNodeName
    );
    let mut b = DtbBuilder::new();
    b.raw(1).raw(0xff00_0000).end();
    assert_eq!(malformed(&b.build()), Malformation::NameNotText);
}

#[test]
fn nesting_depth_limit() {
    let nested = |depth: usize| {
        let mut b = DtbBuilder::new();
        for level in 0..depth {
            b.begin(if level == 0 { "" } else { "n" });
        }
        for _ in 0..depth {
            b.end();
        }
        b.build()
    };
    let deepest = nested(MAX_DEPTH);
    let fdt = Fdt::new(&deepest).expect("the limit itself is accepted");
    assert_eq!(
        fdt.nodes().last().map(|(depth, _)| depth),
        Some(MAX_DEPTH - 1)
    );
    assert_eq!(
        Fdt::new(&nested(MAX_DEPTH + 1)).unwrap_err(),
        DtbError::TooDeep { limit: MAX_DEPTH }
    );
    assert_eq!(
        device_nodes(&nested(10_000)).unwrap_err(),
        DtbError::TooDeep { limit: MAX_DEPTH }
    );
}

/// xorshift64*: a seeded generator, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }
}

/// Runs both entry points; any panic fails the test. Returns whether the blob still parsed.
fn exercise(dtb: &[u8]) -> bool {
    let platform = parse_platform(dtb);
    let devices = device_nodes(dtb);
    if let Ok(nodes) = &devices {
        for node in nodes {
            let _ = node.interrupt(0);
        }
    }
    platform.is_ok() || devices.is_ok()
}

#[test]
fn random_mutations_of_real_dtbs_never_panic() {
    const MUTATIONS_PER_DTB: usize = 1500;
    let mut rng = Rng(0x5eed_1c4e_2026_0001);
    let (mut still_valid, mut rejected) = (0usize, 0usize);
    for name in REAL_DTBS {
        let original = real_dtb(name);
        // Mutate what is used (header + blocks), not QEMU's trailing padding.
        let header = devicetree::validate_header(&original).expect("real DTB header");
        let used = (header.strings_offset + header.strings_size)
            .max(header.structure_offset + header.structure_size);
        for round in 0..MUTATIONS_PER_DTB {
            let mut dtb = original.clone();
            for _ in 0..1 + rng.below(8) {
                let at = rng.below(used);
                match rng.below(4) {
                    0 => dtb[at] ^= 1 << rng.below(8),
                    1 => dtb[at] = rng.next() as u8,
                    // Plant a token value or a small length at a word boundary.
                    2 => {
                        let word = at & !3;
                        let value = [1u32, 2, 3, 4, 9, 0, 0xffff_ffff][rng.below(7)];
                        dtb[word..word + 4].copy_from_slice(&value.to_be_bytes());
                    }
                    _ => {
                        let word = at & !3;
                        let value = rng.below(0x40) as u32;
                        dtb[word..word + 4].copy_from_slice(&value.to_be_bytes());
                    }
                }
            }
            if round % 10 == 0 {
                dtb.truncate(rng.below(dtb.len() + 1));
            }
            if exercise(&dtb) {
                still_valid += 1;
            } else {
                rejected += 1;
            }
        }
    }
    // Both outcomes must occur, or the mutations test nothing.
    println!("mutations: {still_valid} still parsed, {rejected} rejected");
    assert!(
        still_valid > 100 && rejected > 100,
        "valid {still_valid}, rejected {rejected}"
    );
}

#[test]
fn random_blobs_never_panic() {
    let mut rng = Rng(0xdead_beef_cafe_f00d);
    for _ in 0..2000 {
        let length = rng.below(512);
        let mut blob: Vec<u8> = (0..length).map(|_| rng.next() as u8).collect();
        if length >= 40 && rng.below(2) == 0 {
            // A plausible header so the structure walk is reached.
            let fields = [
                0xd00d_feed,
                length as u32,
                40,
                40 + rng.below(length - 40 + 1) as u32,
                40,
                17,
                16,
                0,
            ];
            for (i, f) in fields.iter().enumerate() {
                blob[i * 4..i * 4 + 4].copy_from_slice(&f.to_be_bytes());
            }
        }
        exercise(&blob);
    }
}

#[test]
fn large_flat_tree_stays_linear() {
    const NODES: usize = 40_000;
    let mut b = DtbBuilder::new();
    b.begin("")
        .prop_u32s("#address-cells", &[1])
        .prop_u32s("#size-cells", &[1])
        .prop_u32s("interrupt-parent", &[1]);
    b.begin("intc")
        .prop_u32s("phandle", &[1])
        .prop_u32s("#interrupt-cells", &[1])
        .end();
    for i in 0..NODES {
        b.begin(&format!("d@{i:x}"))
            .prop_strs("compatible", &["v,x"])
            .prop_u32s("interrupts", &[i as u32])
            .end();
    }
    let dtb = b.end().build();
    assert!(dtb.len() < devicetree::MAX_DTB_SIZE, "{} bytes", dtb.len());
    let started = std::time::Instant::now();
    let nodes = device_nodes(&dtb).expect("valid");
    assert_eq!(nodes.len(), NODES);
    assert_eq!(nodes[NODES - 1].interrupts, [(NODES - 1) as u32]);
    assert_eq!(nodes[NODES - 1].interrupt_cells, 1);
    assert_eq!(parse_platform(&dtb).unwrap_err(), DtbError::NoMemory);
    // Generous bound for an unoptimised build on a loaded machine; quadratic work takes minutes.
    assert!(
        started.elapsed().as_secs() < 30,
        "took {:?}",
        started.elapsed()
    );
}

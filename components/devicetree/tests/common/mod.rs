//! Test helpers: the real-board DTB cache and a builder for synthetic blobs.
#![allow(dead_code)] // Each test crate uses a different subset.

use std::path::PathBuf;

/// Where the real-board DTBs live: `$LICHEN_DTB_DIR`, else `$LICHEN_CACHE/dtbs`, else
/// `$HOME/.cache/lichen/dtbs`.
pub fn dtb_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("LICHEN_DTB_DIR") {
        return PathBuf::from(dir);
    }
    let cache = std::env::var_os("LICHEN_CACHE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let home = std::env::var_os("HOME")
                .expect("HOME is not set; set LICHEN_DTB_DIR or LICHEN_CACHE");
            PathBuf::from(home).join(".cache/lichen")
        });
    cache.join("dtbs")
}

/// The real DTB `name` from the cache; fails (never skips) when it is missing.
pub fn real_dtb(name: &str) -> Vec<u8> {
    let path = dtb_dir().join(name);
    match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(err) => panic!(
            "missing test DTB {} ({err}): run `cargo xtask setup` to fetch the real-board DTBs",
            path.display()
        ),
    }
}

/// Every real DTB the tests use.
pub const REAL_DTBS: [&str; 7] = [
    "qemu-virt-gicv2.dtb",
    "qemu-virt-gicv3.dtb",
    "bcm2711-rpi-4-b.dtb",
    "tegra210-p3450-0000.dtb",
    "imx8mq-evk.dtb",
    "imx8mp-evk.dtb",
    "smk-k26-revA-sm-k26-revA-sck-kv-g-revB.dtb",
];

/// Builds a version-17 DTB token by token.
#[derive(Default)]
pub struct DtbBuilder {
    structure: Vec<u8>,
    strings: Vec<u8>,
    reservations: Vec<(u64, u64)>,
}

impl DtbBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    fn word(&mut self, value: u32) -> &mut Self {
        self.structure.extend_from_slice(&value.to_be_bytes());
        self
    }

    fn pad(&mut self) {
        while !self.structure.len().is_multiple_of(4) {
            self.structure.push(0);
        }
    }

    /// Offset of `name` in the strings block, adding it if new.
    pub fn string_offset(&mut self, name: &str) -> u32 {
        let mut needle = name.as_bytes().to_vec();
        needle.push(0);
        let found = self
            .strings
            .windows(needle.len())
            .position(|w| w == needle.as_slice());
        let offset = found.unwrap_or_else(|| {
            let at = self.strings.len();
            self.strings.extend_from_slice(&needle);
            at
        });
        offset as u32
    }

    pub fn begin(&mut self, name: &str) -> &mut Self {
        self.word(1);
        self.structure.extend_from_slice(name.as_bytes());
        self.structure.push(0);
        self.pad();
        self
    }

    pub fn end(&mut self) -> &mut Self {
        self.word(2)
    }

    pub fn nop(&mut self) -> &mut Self {
        self.word(4)
    }

    /// A raw word in the structure block (for corrupt tokens).
    pub fn raw(&mut self, value: u32) -> &mut Self {
        self.word(value)
    }

    /// A property with an explicit name offset and length (for corrupt properties).
    pub fn raw_prop(&mut self, length: u32, name_offset: u32, value: &[u8]) -> &mut Self {
        self.word(3).word(length).word(name_offset);
        self.structure.extend_from_slice(value);
        self.pad();
        self
    }

    pub fn prop(&mut self, name: &str, value: &[u8]) -> &mut Self {
        let offset = self.string_offset(name);
        self.raw_prop(value.len() as u32, offset, value)
    }

    pub fn prop_u32s(&mut self, name: &str, cells: &[u32]) -> &mut Self {
        let value: Vec<u8> = cells.iter().flat_map(|c| c.to_be_bytes()).collect();
        self.prop(name, &value)
    }

    pub fn prop_str(&mut self, name: &str, text: &str) -> &mut Self {
        self.prop_strs(name, &[text])
    }

    pub fn prop_strs(&mut self, name: &str, texts: &[&str]) -> &mut Self {
        let mut value = Vec::new();
        for text in texts {
            value.extend_from_slice(text.as_bytes());
            value.push(0);
        }
        self.prop(name, &value)
    }

    pub fn reserve(&mut self, address: u64, size: u64) -> &mut Self {
        self.reservations.push((address, size));
        self
    }

    /// The blob with header, reservations (terminated), the structure block plus FDT_END, and
    /// the strings block.
    pub fn build(&self) -> Vec<u8> {
        self.build_with(true)
    }

    /// Like [`Self::build`], optionally without the closing FDT_END token.
    pub fn build_with(&self, end_token: bool) -> Vec<u8> {
        let mut structure = self.structure.clone();
        if end_token {
            structure.extend_from_slice(&9u32.to_be_bytes());
        }
        let reservations_offset = 40usize;
        let structure_offset = reservations_offset + 16 * (self.reservations.len() + 1);
        let strings_offset = structure_offset + structure.len();
        let total = strings_offset + self.strings.len();
        let header = [
            0xd00d_feed,
            total as u32,
            structure_offset as u32,
            strings_offset as u32,
            reservations_offset as u32,
            17,
            16,
            0,
            self.strings.len() as u32,
            structure.len() as u32,
        ];
        let mut blob: Vec<u8> = header.iter().flat_map(|w: &u32| w.to_be_bytes()).collect();
        for &(address, size) in self.reservations.iter().chain([(0, 0)].iter()) {
            blob.extend_from_slice(&address.to_be_bytes());
            blob.extend_from_slice(&size.to_be_bytes());
        }
        blob.extend_from_slice(&structure);
        blob.extend_from_slice(&self.strings);
        blob
    }
}

/// A small valid machine: 2+1 root cells, 1 GiB at 0x4000_0000, two PSCI CPUs, PSCI over HVC.
/// `extra` adds nodes inside the root before it is closed.
pub fn minimal_machine(extra: impl FnOnce(&mut DtbBuilder)) -> Vec<u8> {
    let mut b = DtbBuilder::new();
    b.begin("")
        .prop_u32s("#address-cells", &[2])
        .prop_u32s("#size-cells", &[1])
        .prop_str("model", "Synthetic board");
    b.begin("memory@40000000")
        .prop_str("device_type", "memory")
        .prop_u32s("reg", &[0, 0x4000_0000, 0x4000_0000])
        .end();
    b.begin("cpus")
        .prop_u32s("#address-cells", &[1])
        .prop_u32s("#size-cells", &[0]);
    for id in 0..2 {
        b.begin(&format!("cpu@{id}"))
            .prop_str("device_type", "cpu")
            .prop_u32s("reg", &[id])
            .prop_str("enable-method", "psci")
            .end();
    }
    b.end();
    b.begin("psci")
        .prop_strs("compatible", &["arm,psci-1.0"])
        .prop_str("method", "hvc")
        .end();
    extra(&mut b);
    b.end();
    b.build()
}

//! Register models for the GIC tests: byte-addressed memory that logs every write, and a
//! recording stand-in for the GICv3 CPU interface.

use crate::cpu_interface::CpuInterfaceRegs;
use crate::regs::RegisterBlock;
use std::boxed::Box;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::vec::Vec;

/// Reacts to a write: `(memory, absolute offset, value)`.
type Hook = Box<dyn FnMut(&mut [u8], usize, u64) + Send>;

struct Memory {
    bytes: Vec<u8>,
    writes: Vec<(usize, u64)>,
    hook: Option<Hook>,
}

/// A window onto shared model memory; sub-windows see the same bytes.
#[derive(Clone)]
pub struct ModelRegs {
    memory: Arc<Mutex<Memory>>,
    base: usize,
    len: usize,
}

impl ModelRegs {
    /// A zeroed model of `len` bytes.
    pub fn new(len: usize) -> Self {
        let memory = Memory {
            bytes: vec![0; len],
            writes: Vec::new(),
            hook: None,
        };
        Self {
            memory: Arc::new(Mutex::new(memory)),
            base: 0,
            len,
        }
    }

    /// Sets a 32-bit register without logging (device state the test prepares).
    pub fn poke32(&self, offset: usize, value: u32) {
        let start = self.base + offset;
        self.memory.lock().unwrap().bytes[start..start + 4].copy_from_slice(&value.to_le_bytes());
    }

    /// Sets a 64-bit register without logging.
    pub fn poke64(&self, offset: usize, value: u64) {
        let start = self.base + offset;
        self.memory.lock().unwrap().bytes[start..start + 8].copy_from_slice(&value.to_le_bytes());
    }

    /// Reads a 32-bit register without logging.
    pub fn peek32(&self, offset: usize) -> u32 {
        let start = self.base + offset;
        let memory = self.memory.lock().unwrap();
        u32::from_le_bytes(memory.bytes[start..start + 4].try_into().unwrap())
    }

    /// Reads a 64-bit register without logging.
    pub fn peek64(&self, offset: usize) -> u64 {
        let start = self.base + offset;
        let memory = self.memory.lock().unwrap();
        u64::from_le_bytes(memory.bytes[start..start + 8].try_into().unwrap())
    }

    /// Every write so far, as (offset from the model's start, value).
    pub fn writes(&self) -> Vec<(usize, u64)> {
        self.memory.lock().unwrap().writes.clone()
    }

    /// The values written to `offset` (from the model's start), in order.
    pub fn writes_to(&self, offset: usize) -> Vec<u64> {
        self.writes()
            .into_iter()
            .filter(|(o, _)| *o == offset)
            .map(|(_, v)| v)
            .collect()
    }

    /// Forgets the write log.
    pub fn clear_writes(&self) {
        self.memory.lock().unwrap().writes.clear();
    }

    /// Installs a reaction to writes.
    pub fn on_write(&self, hook: impl FnMut(&mut [u8], usize, u64) + Send + 'static) {
        self.memory.lock().unwrap().hook = Some(Box::new(hook));
    }

    fn store(&self, offset: usize, bytes: &[u8], value: u64) {
        assert!(
            offset + bytes.len() <= self.len,
            "access at {offset:#x} outside the window"
        );
        let start = self.base + offset;
        let mut memory = self.memory.lock().unwrap();
        memory.bytes[start..start + bytes.len()].copy_from_slice(bytes);
        memory.writes.push((start, value));
        if let Some(mut hook) = memory.hook.take() {
            hook(&mut memory.bytes, start, value);
            memory.hook = Some(hook);
        }
    }
}

impl RegisterBlock for ModelRegs {
    fn read32(&self, offset: usize) -> u32 {
        assert!(
            offset + 4 <= self.len,
            "read at {offset:#x} outside the window"
        );
        self.peek32(offset)
    }

    fn write32(&self, offset: usize, value: u32) {
        self.store(offset, &value.to_le_bytes(), u64::from(value));
    }

    fn read64(&self, offset: usize) -> u64 {
        assert!(
            offset + 8 <= self.len,
            "read at {offset:#x} outside the window"
        );
        self.peek64(offset)
    }

    fn write64(&self, offset: usize, value: u64) {
        self.store(offset, &value.to_le_bytes(), value);
    }

    fn size(&self) -> usize {
        self.len
    }

    fn subregion(&self, offset: usize, len: usize) -> Option<Self> {
        (offset.checked_add(len)? <= self.len).then(|| Self {
            memory: self.memory.clone(),
            base: self.base + offset,
            len,
        })
    }
}

/// One call made on the model CPU interface.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Icc {
    WriteSre(u64),
    Pmr(u8),
    Bpr1(u64),
    WriteCtlr(u64),
    Igrpen1(bool),
    Eoir1(u32),
    Sgi1r(u64),
}

/// A recording GICv3 CPU interface.
pub struct ModelIcc {
    pub mpidr: Mutex<u64>,
    /// `ICC_SRE_EL1`; stays 0 when `sre_locked` (EL2 keeps the interface off).
    pub sre: Mutex<u64>,
    pub sre_locked: bool,
    pub ctlr: Mutex<u64>,
    pub iar: Mutex<VecDeque<u32>>,
    pub calls: Mutex<Vec<Icc>>,
}

impl ModelIcc {
    pub fn new(mpidr: u64) -> Arc<Self> {
        Arc::new(Self {
            mpidr: Mutex::new(mpidr),
            sre: Mutex::new(0),
            sre_locked: false,
            ctlr: Mutex::new(CTLR_EOIMODE_SET),
            iar: Mutex::new(VecDeque::new()),
            calls: Mutex::new(Vec::new()),
        })
    }

    pub fn calls(&self) -> Vec<Icc> {
        self.calls.lock().unwrap().clone()
    }

    fn record(&self, call: Icc) {
        self.calls.lock().unwrap().push(call);
    }
}

/// The model's `ICC_CTLR_EL1` at reset: EOImode set, so that the driver must clear it.
pub const CTLR_EOIMODE_SET: u64 = 1 << 1;

impl CpuInterfaceRegs for Arc<ModelIcc> {
    fn current_mpidr(&self) -> u64 {
        *self.mpidr.lock().unwrap()
    }
    fn read_sre(&self) -> u64 {
        *self.sre.lock().unwrap()
    }
    fn write_sre(&self, value: u64) {
        self.record(Icc::WriteSre(value));
        if !self.sre_locked {
            *self.sre.lock().unwrap() = value;
        }
    }
    fn write_pmr(&self, priority: u8) {
        self.record(Icc::Pmr(priority));
    }
    fn write_bpr1(&self, value: u64) {
        self.record(Icc::Bpr1(value));
    }
    fn read_ctlr(&self) -> u64 {
        *self.ctlr.lock().unwrap()
    }
    fn write_ctlr(&self, value: u64) {
        self.record(Icc::WriteCtlr(value));
        *self.ctlr.lock().unwrap() = value;
    }
    fn write_igrpen1(&self, enabled: bool) {
        self.record(Icc::Igrpen1(enabled));
    }
    fn read_iar1(&self) -> u32 {
        self.iar.lock().unwrap().pop_front().unwrap_or(1023)
    }
    fn write_eoir1(&self, intid: u32) {
        self.record(Icc::Eoir1(intid));
    }
    fn write_sgi1r(&self, value: u64) {
        self.record(Icc::Sgi1r(value));
    }
}

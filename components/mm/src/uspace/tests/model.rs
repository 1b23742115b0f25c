//! A seeded random sequence of mmap, munmap, mprotect, mremap, fork, loads, stores, user
//! copies and teardown, checked after every step against a page-level model: which pages are
//! mapped with which rights and what they hold, per process.

use super::*;
use kernel_core::paging::Access;
use kernel_core::services::mm::MremapFlags;
use std::collections::{BTreeMap, BTreeSet};

/// xorshift64*: deterministic, so a failing seed replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }
}

/// What the model knows of one page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Page {
    prot: Prot,
    value: u8,
}

/// One process: page address to page.
type Model = BTreeMap<u64, Page>;

const WINDOW_PAGES: u64 = 48;
const PROTS: [Prot; 6] = [NONE, R, RW, RX, RW.union(Prot::EXEC), Prot::WRITE];

struct World {
    machine: Arc<Machine>,
    user: UserMemory,
    spaces: Vec<(AddressSpace, Model)>,
    /// Pages worth poking: the window and everything placed by the kernel.
    pages: BTreeSet<u64>,
    rng: Rng,
}

impl World {
    fn new(seed: u64) -> Self {
        let (machine, user) = setup(4096);
        let space = user.create_space(SpaceLimits::default()).expect("space");
        Self {
            machine,
            user,
            spaces: vec![(space, Model::new())],
            pages: (0..WINDOW_PAGES).map(|page| AREA + page * PAGE).collect(),
            rng: Rng(seed),
        }
    }

    fn random_page(&mut self) -> u64 {
        let index = self.rng.below(self.pages.len() as u64) as usize;
        *self.pages.iter().nth(index).expect("index in range")
    }

    fn random_prot(&mut self) -> Prot {
        PROTS[self.rng.below(PROTS.len() as u64) as usize]
    }

    fn step(&mut self) {
        let which = self.rng.below(self.spaces.len() as u64) as usize;
        let roll = self.rng.below(100);
        let page = self.random_page();
        let pages = 1 + self.rng.below(8);
        let prot = self.random_prot();
        let value = 1 + self.rng.below(255) as u8;
        let machine = self.machine.clone();
        match roll {
            90..=93 if self.spaces.len() < 4 => {
                let (space, model) = &mut self.spaces[which];
                let child = (space.fork().expect("fork"), model.clone());
                self.spaces.push(child);
                return;
            }
            94..=96 if self.spaces.len() > 1 => {
                self.spaces.swap_remove(which);
                return;
            }
            97..=99 => return self.remap(which, page, pages),
            _ => {}
        }
        let (space, model) = &mut self.spaces[which];
        match roll {
            0..=14 => {
                map_fixed(space, page, pages * PAGE, prot);
                for p in 0..pages {
                    model.insert(page + p * PAGE, Page { prot, value: 0 });
                }
            }
            15..=19 => {
                let at = map_anywhere(space, pages.min(4) * PAGE, prot);
                for p in 0..pages.min(4) {
                    let new = at + p * PAGE;
                    assert!(
                        !model.contains_key(&new),
                        "placed over a mapping at {new:#x}"
                    );
                    model.insert(new, Page { prot, value: 0 });
                    self.pages.insert(new);
                }
            }
            20..=29 => {
                space.munmap(ua(page), pages * PAGE).expect("munmap");
                for p in 0..pages {
                    model.remove(&(page + p * PAGE));
                }
            }
            30..=39 => {
                let result = space.mprotect(ua(page), pages * PAGE, prot);
                let mut expected = Ok(());
                for p in 0..pages {
                    match model.get_mut(&(page + p * PAGE)) {
                        Some(entry) => entry.prot = prot,
                        None => {
                            expected = Err(Errno::ENOMEM);
                            break;
                        }
                    }
                }
                assert_eq!(result, expected, "mprotect {page:#x} +{pages} pages");
            }
            40..=59 => {
                let addr = page + self.rng.below(PAGE);
                let expected = match model.get_mut(&page) {
                    None => Err(MAP_ERR),
                    Some(entry) if !entry.prot.contains(Prot::WRITE) => Err(ACC_ERR),
                    Some(entry) => {
                        entry.value = value;
                        Ok(())
                    }
                };
                // The model holds one value per page: write it over the whole page.
                let result = store(&machine, space, addr, value);
                if result.is_ok() {
                    space
                        .copy_out(ua(page), &[value; PAGE as usize])
                        .expect("fill");
                }
                assert_eq!(result, expected, "store at {addr:#x}");
            }
            60..=79 => {
                let addr = page + self.rng.below(PAGE);
                let expected = match model.get(&page) {
                    None => Err(MAP_ERR),
                    Some(entry) if entry.prot.is_empty() => Err(ACC_ERR),
                    Some(entry) => Ok(entry.value),
                };
                assert_eq!(load(&machine, space, addr), expected, "load at {addr:#x}");
            }
            80..=84 => {
                let mut buffer = [0u8; 16];
                let at = page + PAGE - 8;
                let next = page + PAGE;
                let readable = |p| model.get(&p).is_some_and(|e: &Page| !e.prot.is_empty());
                let expected = if readable(page) && readable(next) {
                    let mut bytes = [model[&page].value; 16];
                    bytes[8..].fill(model[&next].value);
                    Ok(bytes)
                } else {
                    Err(Errno::EFAULT)
                };
                let result = space.copy_in(ua(at), &mut buffer).map(|()| buffer);
                assert_eq!(result, expected, "copy_in at {at:#x}");
            }
            85..=89 => {
                let writable = model
                    .get(&page)
                    .is_some_and(|e| e.prot.contains(Prot::WRITE));
                let result = space.copy_out(ua(page), &[value; PAGE as usize]);
                if writable {
                    assert_eq!(result, Ok(()));
                    model.insert(
                        page,
                        Page {
                            value,
                            ..model[&page]
                        },
                    );
                } else {
                    assert_eq!(result, Err(Errno::EFAULT), "copy_out at {page:#x}");
                }
            }
            _ => {}
        }
    }

    /// mremap of part of the VMA holding `page`, to `new_pages` pages, allowed to move.
    fn remap(&mut self, which: usize, page: u64, new_pages: u64) {
        let (space, model) = &mut self.spaces[which];
        let Some(vma) = space
            .vmas()
            .into_iter()
            .find(|vma| vma.start.as_u64() <= page && page < vma.end.as_u64())
        else {
            return;
        };
        let start = vma.start.as_u64();
        let old_len = page + PAGE - start;
        let new_len = new_pages * PAGE;
        let got = space
            .mremap(ua(start), old_len, new_len, MremapFlags::MAYMOVE, ua(0))
            .expect("mremap")
            .as_u64();
        let old: Vec<(u64, Page)> = (0..old_len / PAGE)
            .map(|p| start + p * PAGE)
            .map(|addr| (addr, model.remove(&addr).expect("modelled page")))
            .collect();
        let prot = old[0].1.prot;
        for p in 0..new_len / PAGE {
            let addr = got + p * PAGE;
            let kept = old.get(p as usize).map(|&(_, page)| page);
            let fresh = Page { prot, value: 0 };
            let previous = model.insert(addr, kept.unwrap_or(fresh));
            assert!(
                previous.is_none(),
                "mremap landed on a mapping at {addr:#x}"
            );
            self.pages.insert(addr);
        }
    }

    /// Checks every space against its model and the frame bookkeeping against all tables.
    fn check(&self) {
        let mut references: BTreeMap<u64, u64> = BTreeMap::new();
        let mut table_pages = 0;
        for (space, model) in &self.spaces {
            let mut mapped = Model::new();
            for vma in space.vmas() {
                let mut addr = vma.start.as_u64();
                while addr < vma.end.as_u64() {
                    mapped.insert(
                        addr,
                        Page {
                            prot: vma.prot,
                            value: 0,
                        },
                    );
                    addr += PAGE;
                }
            }
            let rights: Vec<(u64, Prot)> = model.iter().map(|(&a, p)| (a, p.prot)).collect();
            let vma_rights: Vec<(u64, Prot)> = mapped.iter().map(|(&a, p)| (a, p.prot)).collect();
            assert_eq!(vma_rights, rights, "VMAs disagree with the model");
            let entries = space.tables.pages(0, crate::uspace::layout::TASK_SIZE);
            assert_eq!(entries.len() as u64, space.resident_pages());
            for entry in entries {
                let page = model.get(&entry.virt).expect("an entry outside every VMA");
                *references.entry(entry.frame.as_u64()).or_default() += 1;
                if page.prot.is_empty() {
                    assert!(
                        !entry.access.contains(Access::USER),
                        "PROT_NONE page reachable"
                    );
                    continue;
                }
                assert!(entry.access.contains(Access::USER));
                if entry.access.contains(Access::WRITE) {
                    assert!(page.prot.contains(Prot::WRITE));
                    assert_eq!(
                        self.user.frame_refs(entry.frame),
                        1,
                        "writable shared frame"
                    );
                }
                let executable = entry.access.contains(Access::EXECUTE);
                assert_eq!(executable, page.prot.contains(Prot::EXEC));
            }
            table_pages += space.tables.table_pages();
        }
        for (&frame, &count) in &references {
            assert_eq!(
                self.user.frame_refs(PhysAddr::new(frame)),
                count,
                "refs of {frame:#x}"
            );
        }
        let shared = references.values().filter(|&&count| count > 1).count();
        assert_eq!(self.user.shared_frames(), shared);
        assert_eq!(
            self.machine.allocated(),
            references.len() + table_pages,
            "leak"
        );
    }
}

#[test]
fn random_sequences_agree_with_the_model() {
    for seed in 1..=16u64 {
        let mut world = World::new(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        for _ in 0..300 {
            world.step();
            world.check();
        }
        let machine = world.machine.clone();
        let user = world.user.clone();
        drop(world);
        assert_eq!(
            machine.allocated(),
            0,
            "seed {seed}: frames left after teardown"
        );
        assert_eq!(user.shared_frames(), 0, "seed {seed}");
    }
}

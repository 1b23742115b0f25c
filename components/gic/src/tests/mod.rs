//! Host tests of the GIC drivers against register models.

mod common;
mod model;
mod v2;
mod v3;

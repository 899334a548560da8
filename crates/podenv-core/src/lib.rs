//! podenv-core: the exact environment the kubelet hands to each container.
//!
//! Pure library: manifests and a cluster context in, plain data out. No I/O, clock,
//! network, DOM or wasm knowledge lives here (see ARCHITECTURE.md).

pub mod analyze;
pub mod cluster;
pub mod context;
pub mod decode;
pub mod diagnostic;
pub mod dns;
pub mod env;
pub mod envfile;
pub mod envvars;
pub mod expand;
pub mod fieldpath;
pub mod hints;
pub mod ip;
pub mod limits;
pub mod locate;
pub mod model;
pub mod names;
pub mod objects;
pub mod quantity;
pub mod redact;
pub mod rules;
pub mod strict;
pub mod text;
pub mod trace;
pub mod validate;
pub mod workload;
pub mod yaml;

pub use analyze::{analyze, analyze_with, run, AnalyzeOptions, Request};
pub use context::ClusterContext;
pub use decode::decode_utf8;
pub use model::Analysis;
pub use objects::SourceFile;

/// The Kubernetes release every upstream link is pinned to.
pub const UPSTREAM_REF: &str = "v1.35.0";

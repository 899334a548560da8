//! podenv-core: the exact environment the kubelet hands to each container.
//!
//! Pure library: manifests and a cluster context in, plain data out. No I/O, clock,
//! network, DOM or wasm knowledge lives here (see ARCHITECTURE.md).

pub mod diagnostic;

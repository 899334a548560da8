//! The binary Trunk builds: mounts the explorer.

fn main() {
    podenv_web::start();
}

//! With the feature `embedded`, writes `embedded_cases.rs`: every folder of `tests/cases` as
//! `(case name, &[(file name, include_str!(file))])`, so wasm tests see the cases without a
//! file system. Cargo reruns it when a case is added, removed or changed.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("embedded_cases.rs");
    let mut code = String::from(
        "/// Every case folder: its name and its files' names and texts, sorted by name.\n\
         pub fn cases() -> &'static [(&'static str, &'static [(&'static str, &'static str)])] {\n    &[\n",
    );
    if env::var_os("CARGO_FEATURE_EMBEDDED").is_some() {
        let root = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("manifest dir"))
            .join("../../tests/cases");
        println!("cargo:rerun-if-changed={}", root.display());
        let mut dirs: Vec<_> = fs::read_dir(&root)
            .expect("tests/cases")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        for dir in dirs {
            println!("cargo:rerun-if-changed={}", dir.display());
            let name = dir
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            let mut files: Vec<_> = fs::read_dir(&dir)
                .expect("case folder")
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_none_or(|e| e != "md"))
                .collect();
            files.sort();
            write!(code, "        ({name:?}, &[").unwrap();
            for file in files {
                println!("cargo:rerun-if-changed={}", file.display());
                let file_name = file
                    .file_name()
                    .expect("name")
                    .to_string_lossy()
                    .into_owned();
                let path = file.canonicalize().expect("path");
                write!(
                    code,
                    "({file_name:?}, include_str!({:?})), ",
                    path.display().to_string()
                )
                .unwrap();
            }
            code.push_str("]),\n");
        }
    }
    code.push_str("    ]\n}\n");
    fs::write(out, code).expect("write embedded_cases.rs");
}

//! Build tasks for Hocba, run as `cargo xtask <command>`.
//!
//! This replaces cargo-leptos (a 37-minute install on a fresh machine) with a program that
//! compiles alongside the workspace.

mod site;
mod sizes;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
Usage: cargo xtask <command>

Commands:
  build-site [--release]  Build the WASM client (profile wasm-release), assemble target/site,
                          print its sizes, then build the server (debug, or release with
                          --release) and print where its binary is.
  sizes                   Print raw, gzip -9 and brotli sizes of the assembled site's
                          WASM, JS and CSS.
  help                    Print this help.

Cargo's target directory is $CARGO_TARGET_DIR, else <workspace>/target. The site is always
<workspace>/target/site, so the server finds it with LEPTOS_SITE_ROOT=target/site.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let result = match args.as_slice() {
        ["build-site"] => site::build_site(&Paths::detect(), false),
        ["build-site", "--release"] => site::build_site(&Paths::detect(), true),
        ["sizes"] => sizes::report(&Paths::detect().pkg_dir()),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            Ok(())
        }
        _ => {
            eprintln!("xtask: unknown arguments {args:?}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // `{:#}` prints the whole context chain on one line.
            eprintln!("xtask: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Where things are. Paths are absolute so that child processes may run anywhere.
pub struct Paths {
    pub workspace: PathBuf,
    pub target: PathBuf,
}

impl Paths {
    fn detect() -> Self {
        // The xtask crate sits directly in the workspace root. `cargo run` gives its current
        // location; the compile-time one is stale when a shared target dir serves another clone.
        let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
        let workspace = manifest.parent().unwrap_or(&manifest).to_path_buf();
        // Cargo reads a relative CARGO_TARGET_DIR against the current directory.
        let target = match std::env::var_os("CARGO_TARGET_DIR") {
            Some(dir) if !dir.is_empty() => {
                std::path::absolute(PathBuf::from(dir)).unwrap_or_else(|_| workspace.join("target"))
            }
            _ => workspace.join("target"),
        };
        Paths { workspace, target }
    }

    /// In the workspace even when the cargo target directory is elsewhere: the server is
    /// started from the workspace with a relative LEPTOS_SITE_ROOT.
    pub fn site_dir(&self) -> PathBuf {
        self.workspace.join("target").join("site")
    }

    pub fn pkg_dir(&self) -> PathBuf {
        self.site_dir().join("pkg")
    }
}

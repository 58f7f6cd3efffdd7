//! Builds the WASM client and assembles the site directory the server serves.

use crate::Paths;
use anyhow::{bail, Context, Result};
use sha2::Digest;
use std::path::{Path, PathBuf};
use std::process::Command;

/// LEPTOS_OUTPUT_NAME: the server looks for `pkg/<name>.js` and `pkg/<name>_bg.wasm`.
pub const OUTPUT_NAME: &str = "hocba";

/// The client is always built for size, in debug and release alike: tests run what ships.
const WASM_PROFILE: &str = "wasm-release";

/// What rustc's wasm32 `generic` CPU emits (Rust >= 1.87 / LLVM 20). Binaryen also reads
/// them from the module's `target_features` section; spelled out so that a module without
/// that section is not treated as MVP wasm. Older binaryen does not know `bulk-memory-opt`
/// and `call-indirect-overlong` (and Debian's 108 breaks hydration).
const WASM_OPT_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-bulk-memory-opt",
    "--enable-call-indirect-overlong",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// The module the split-out chunks are loaded by. Leptos' `HydrationScripts` preloads it under
/// this name (the one cargo-leptos gives it when file names are not hashed).
const SPLIT_LOADER: &str = "__wasm_split.______________________.js";

/// Which split-out modules each lazy route needs; leptos_axum reads it to preload them.
const SPLIT_MANIFEST: &str = "__wasm_split_manifest.json";

/// What the service worker (`public/sw.js`) keeps for offline use, with a hash of it all.
const PRECACHE: &str = "precache.json";

/// Files of `public/` the service worker keeps besides `pkg/`.
const PRECACHE_PUBLIC: &[&str] = &["favicon.svg", "offline.html"];

pub fn build_site(paths: &Paths, release: bool) -> Result<()> {
    cargo_with_env(
        paths,
        // The splitter needs the linker's relocations to move each lazy route's code into its
        // own module. Only the WASM build gets the flag, so the server keeps its cache.
        &[(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
            "-C link-args=--emit-relocs",
        )],
        &[
            "build",
            "-p",
            "frontend",
            "--lib",
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            WASM_PROFILE,
        ],
    )?;
    let wasm = paths
        .target
        .join("wasm32-unknown-unknown")
        .join(WASM_PROFILE)
        .join("frontend.wasm");
    if !wasm.is_file() {
        bail!("cargo succeeded but {} is missing", wasm.display());
    }

    // Assemble only after the build succeeded, so a failed build leaves the last good site.
    let site = paths.site_dir();
    let pkg = paths.pkg_dir();
    if site.exists() {
        std::fs::remove_dir_all(&site).with_context(|| format!("removing {}", site.display()))?;
    }
    std::fs::create_dir_all(&pkg).with_context(|| format!("creating {}", pkg.display()))?;

    // Each lazy route (`#[lazy_route]` in the app) becomes a module of its own, fetched when
    // the route is first shown; what stays is the main module wasm-bindgen works on.
    let main = wasm.with_file_name("frontend_split.wasm");
    println!("xtask: wasm-split {} -> {}", wasm.display(), pkg.display());
    let split = split_wasm(&wasm, &main, &pkg)?;

    println!(
        "xtask: wasm-bindgen {} -> {}",
        main.display(),
        pkg.display()
    );
    wasm_bindgen_cli_support::Bindgen::new()
        .input_path(&main)
        .web(true)?
        .out_name(OUTPUT_NAME)
        // The split-out modules call into the main one through these exports.
        .keep_lld_exports(true)
        // Function names are about half the module: without wasm-opt (which drops them too)
        // the size report would mostly measure them.
        .remove_name_section(true)
        .remove_producers_section(true)
        .generate(&pkg)
        .context("wasm-bindgen")?;

    wasm_opt(paths, &pkg.join(format!("{OUTPUT_NAME}_bg.wasm")))?;
    // Hundreds of small modules: one wasm-opt per core at a time.
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> Result<()> {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(module) = split.get(i) else {
                            return Ok(());
                        };
                        wasm_opt(paths, module)?;
                    }
                })
            })
            .collect();
        handles.into_iter().try_for_each(|h| {
            h.join()
                .map_err(|_| anyhow::anyhow!("wasm-opt worker panicked"))?
        })
    })?;
    copy_styles(&paths.workspace.join("style"), &pkg)?;
    let public = paths.workspace.join("public");
    if public.is_dir() {
        copy_dir(&public, &site)?;
    }

    write_precache(&site, &pkg)?;

    println!("xtask: site assembled in {}", site.display());
    crate::sizes::report(&pkg)?;

    let mut args = vec!["build", "-p", "server"];
    if release {
        args.push("--release");
    }
    cargo(paths, &args)?;
    let bin = paths
        .target
        .join(if release { "release" } else { "debug" })
        .join("hocba");
    println!("xtask: server binary: {}", bin.display());
    Ok(())
}

/// Splits `wasm` at its split points (see `wasm_split_helpers`): writes the main module to
/// `main`, the other modules, their JavaScript loader and the manifest to `pkg`, and returns
/// the other modules' paths.
fn split_wasm(wasm: &Path, main: &Path, pkg: &Path) -> Result<Vec<PathBuf>> {
    let input = std::fs::read(wasm).with_context(|| format!("reading {}", wasm.display()))?;
    let main_module = format!("/pkg/{OUTPUT_NAME}.js");
    let link_name = format!("./{SPLIT_LOADER}");
    let mut opts = wasm_split_cli_support::Options::new(&input);
    opts.output_dir = pkg;
    opts.main_out_path = main;
    opts.main_module = &main_module;
    opts.link_name = &link_name;
    let split = wasm_split_cli_support::transform(opts)
        .map_err(|e| anyhow::anyhow!("wasm-split: {e:#}"))?;
    let manifest = serde_json::to_string_pretty(&split.prefetch_map)?;
    let path = pkg.join(SPLIT_MANIFEST);
    std::fs::write(&path, manifest).with_context(|| format!("writing {}", path.display()))?;
    Ok(split.split_modules)
}

fn cargo(paths: &Paths, args: &[&str]) -> Result<()> {
    cargo_with_env(paths, &[], args)
}

fn cargo_with_env(paths: &Paths, env: &[(&str, &str)], args: &[&str]) -> Result<()> {
    // `cargo run` tells us which cargo it is; a bare `cargo` could be another toolchain.
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    println!("xtask: cargo {}", args.join(" "));
    let status = Command::new(&cargo)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(&paths.workspace)
        .status()
        .with_context(|| format!("running {}", cargo.to_string_lossy()))?;
    if !status.success() {
        bail!("`cargo {}` failed ({status})", args.join(" "));
    }
    Ok(())
}

/// Only binaryen from npm: Debian's wasm-opt 108 produces a module that never hydrates.
fn wasm_opt(paths: &Paths, wasm: &Path) -> Result<()> {
    // A quicker build to try something out: HOCBA_WASM_OPT=off (larger modules, same code).
    if std::env::var("HOCBA_WASM_OPT").is_ok_and(|v| v == "off") {
        return Ok(());
    }
    let bin = paths.workspace.join("end2end/node_modules/.bin/wasm-opt");
    if !bin.is_file() {
        println!(
            "xtask: note: {} not found (run scripts/setup.sh); wasm-opt skipped",
            bin.display()
        );
        return Ok(());
    }
    let tmp = wasm.with_extension("opt.wasm");
    println!("xtask: wasm-opt -Oz {}", wasm.display());
    let status = Command::new(&bin)
        .arg("-Oz")
        .args(WASM_OPT_FEATURES)
        .arg(wasm)
        .arg("-o")
        .arg(&tmp)
        .status()
        .with_context(|| format!("running {}", bin.display()))?;
    if !status.success() {
        bail!("wasm-opt failed ({status})");
    }
    std::fs::rename(&tmp, wasm).with_context(|| format!("replacing {}", wasm.display()))?;
    Ok(())
}

/// `main.css` becomes `<name>.css`, the name the app's stylesheet link uses (as cargo-leptos
/// does); other sheets keep their names.
fn copy_styles(style: &Path, pkg: &Path) -> Result<()> {
    let main = style.join("main.css");
    if !main.is_file() {
        println!("xtask: note: {} not found; no stylesheet", main.display());
    }
    let Ok(entries) = std::fs::read_dir(style) else {
        return Ok(());
    };
    for entry in entries {
        let path = entry?.path();
        if !path.is_file() || path.extension().is_none_or(|e| e != "css") {
            continue;
        }
        let dest = if path == main {
            pkg.join(format!("{OUTPUT_NAME}.css"))
        } else {
            pkg.join(path.file_name().unwrap_or_default())
        };
        copy_file(&path, &dest)?;
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let path = entry?.path();
        let dest = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy_dir(&path, &dest)?;
        } else {
            copy_file(&path, &dest)?;
        }
    }
    Ok(())
}

fn copy_file(from: &Path, to: &Path) -> Result<()> {
    std::fs::copy(from, to)
        .with_context(|| format!("copying {} to {}", from.display(), to.display()))?;
    Ok(())
}

/// Writes `pkg/precache.json`: `{"hash": ..., "files": [...]}`, every file the build put in
/// `pkg/` that the browser loads (JavaScript, WASM, CSS; not the JSON the server reads) plus
/// [`PRECACHE_PUBLIC`], as site paths. The hash covers the names and contents, so the service
/// worker's cache, named after it, changes with every build that changes a file.
fn write_precache(site: &Path, pkg: &Path) -> Result<()> {
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(pkg).with_context(|| format!("reading {}", pkg.display()))? {
        let path = entry?.path();
        let keep = path.is_file()
            && path
                .extension()
                .is_some_and(|e| e == "js" || e == "wasm" || e == "css");
        if keep {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            files.push((format!("/pkg/{name}"), path.clone()));
        }
    }
    for name in PRECACHE_PUBLIC {
        let path = site.join(name);
        if path.is_file() {
            files.push((format!("/{name}"), path));
        } else {
            println!("xtask: note: {} not found; not precached", path.display());
        }
    }
    files.sort();
    let mut hasher = sha2::Sha256::new();
    for (url, path) in &files {
        let data = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        hasher.update(url.as_bytes());
        hasher.update([0]);
        hasher.update((data.len() as u64).to_le_bytes());
        hasher.update(&data);
    }
    let hash: String = hasher.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let list = serde_json::json!({
        "hash": hash,
        "files": files.iter().map(|(url, _)| url).collect::<Vec<_>>(),
    });
    let path = pkg.join(PRECACHE);
    std::fs::write(&path, serde_json::to_string_pretty(&list)?)
        .with_context(|| format!("writing {}", path.display()))?;
    println!(
        "xtask: {} lists {} files, hash {hash}",
        path.display(),
        files.len()
    );
    Ok(())
}

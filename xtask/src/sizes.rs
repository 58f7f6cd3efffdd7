//! Size report for the files a browser downloads. Size is a budget: the numbers that matter
//! are the compressed ones, as served.

use anyhow::{bail, Context, Result};
use std::io::Write;
use std::path::Path;

pub fn report(pkg: &Path) -> Result<()> {
    let wasm = pkg.join(format!("{}_bg.wasm", crate::site::OUTPUT_NAME));
    if !wasm.is_file() {
        bail!(
            "{} not found: run `cargo xtask build-site` first",
            wasm.display()
        );
    }
    let js = pkg.join(format!("{}.js", crate::site::OUTPUT_NAME));
    let mut files = vec![wasm.clone(), js.clone()];
    let mut others: Vec<_> = std::fs::read_dir(pkg)
        .with_context(|| format!("reading {}", pkg.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| *p != wasm && *p != js)
        .filter(|p| p.extension().is_some_and(|e| e == "js" || e == "wasm"))
        .collect();
    // The modules split out of the WASM (one per lazy route, plus chunks they share) and
    // their loader, then the stylesheets.
    others.sort();
    files.extend(others);
    let mut css: Vec<_> = std::fs::read_dir(pkg)
        .with_context(|| format!("reading {}", pkg.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "css"))
        .collect();
    css.sort();
    files.extend(css);

    println!(
        "{:<62} {:>10} {:>10} {:>10}",
        "file", "raw", "gzip -9", "brotli 11"
    );
    let mut total = [0usize; 3];
    // The chunks shared between lazy routes are many and small: one line for all of them.
    let mut chunks = [0usize; 3];
    let mut chunk_count = 0;
    for file in &files {
        let data = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
        let sizes = [data.len(), gzip_len(&data)?, brotli_len(&data)?];
        for (t, s) in total.iter_mut().zip(sizes) {
            *t += s;
        }
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        if name.starts_with("chunk_") {
            for (t, s) in chunks.iter_mut().zip(sizes) {
                *t += s;
            }
            chunk_count += 1;
        } else {
            print_row(&name, sizes);
        }
    }
    if chunk_count > 0 {
        print_row(&format!("chunk_*.wasm ({chunk_count} shared)"), chunks);
    }
    print_row("total", total);
    Ok(())
}

fn print_row(name: &str, [raw, gz, br]: [usize; 3]) {
    println!("{name:<62} {:>10} {:>10} {:>10}", kb(raw), kb(gz), kb(br));
}

fn kb(bytes: usize) -> String {
    if bytes < 1000 {
        format!("{bytes} B")
    } else {
        format!("{:.1} kB", bytes as f64 / 1000.0)
    }
}

fn gzip_len(data: &[u8]) -> Result<usize> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(data)?;
    Ok(enc.finish()?.len())
}

fn brotli_len(data: &[u8]) -> Result<usize> {
    // Quality 11, window 2^22: brotli's own defaults, as used for static precompression.
    let mut enc = brotli::CompressorWriter::new(Vec::new(), 64 * 1024, 11, 22);
    enc.write_all(data)?;
    enc.flush()?;
    Ok(enc.into_inner().len())
}

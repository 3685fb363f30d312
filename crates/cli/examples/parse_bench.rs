//! How long Retort takes to read a revision file: parse (ruff's parser), check (what the
//! interpreter refuses) and run its top level (imports, identifiers, helper definitions), per
//! file, on one core.
//!
//! `parse_bench [--repeat N] PATH...` walks each PATH for `*.py` files and prints a Markdown
//! table: files, bytes, and for each phase the total, the mean, the median, the 99th
//! percentile and the slowest file. Files whose top level fails (an application import) are
//! counted in parse and check, and listed as not evaluated. Each file is measured `N` times
//! (default 5) and its fastest time kept, so one scheduling hiccup does not count.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use retort_engine::host::HostModules;
use retort_engine::script::Loader;
use retort_pyscript::{Interp, Syntax};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut repeat = 5;
    if let Some(i) = args.iter().position(|a| a == "--repeat") {
        repeat = args
            .get(i + 1)
            .and_then(|n| n.parse().ok())
            .expect("--repeat N");
        args.drain(i..i + 2);
    }
    if args.is_empty() {
        eprintln!("usage: parse_bench [--repeat N] PATH...");
        std::process::exit(2);
    }
    let mut files = Vec::new();
    for a in &args {
        walk(Path::new(a), &mut files);
    }
    files.sort();
    let texts: Vec<(String, String)> = files
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("reading a file");
            (p.to_string_lossy().into_owned(), text)
        })
        .collect();
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let (mut parse, mut check, mut eval) = (Vec::new(), Vec::new(), Vec::new());
    let mut failed = 0;
    let mut loader = Loader::new(HostModules::default());
    for (path, text) in &texts {
        let best = |f: &mut dyn FnMut() -> bool| {
            let mut best = Duration::MAX;
            let mut ok = true;
            for _ in 0..repeat {
                let t = Instant::now();
                ok = f();
                best = best.min(t.elapsed());
            }
            (best, ok)
        };
        let (p, _) = best(&mut || {
            std::hint::black_box(Syntax::parse(text));
            true
        });
        let (pc, _) = best(&mut || Interp::from_syntax(path, text, Syntax::parse(text)).is_ok());
        let (all, ok) = best(&mut || loader.load(path, text, Syntax::parse(text)).is_ok());
        parse.push(p);
        check.push(pc.saturating_sub(p));
        eval.push(ok.then(|| all.saturating_sub(pc)));
        failed += usize::from(!ok);
    }
    println!(
        "{} files, {:.1} KB; {} not evaluated (their top level imports modules Retort does not provide)\n",
        texts.len(),
        bytes as f64 / 1024.0,
        failed
    );
    println!("| phase | total | mean | median | p99 | slowest |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    let mut all: Vec<Duration> = (0..texts.len())
        .map(|i| parse[i] + check[i] + eval[i].unwrap_or_default())
        .collect();
    row("parse", &mut parse);
    row("check", &mut check);
    row(
        "top level",
        &mut eval.into_iter().flatten().collect::<Vec<_>>(),
    );
    row("all three", &mut all);
}

fn row(name: &str, v: &mut [Duration]) {
    if v.is_empty() {
        return;
    }
    v.sort();
    let total: Duration = v.iter().sum();
    let us = |d: Duration| format!("{:.1} µs", d.as_secs_f64() * 1e6);
    let p99 = v[((v.len() as f64 * 0.99).ceil() as usize).clamp(1, v.len()) - 1];
    println!(
        "| {name} | {:.1} ms | {} | {} | {} | {} |",
        total.as_secs_f64() * 1e3,
        us(total / v.len() as u32),
        us(v[v.len() / 2]),
        us(p99),
        us(v[v.len() - 1]),
    );
}

fn walk(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        for e in std::fs::read_dir(p).expect("reading a directory").flatten() {
            walk(&e.path(), out);
        }
    } else if p.extension().is_some_and(|e| e == "py") {
        out.push(p.to_path_buf());
    }
}

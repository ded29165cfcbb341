//! Reading's cost beside pulldown-cmark's own parse, in one process and with the `specforge`
//! binary's allocator, so the ratio does not depend on how fast the machine is today:
//! `cargo run --release --example reading -- SPEC [ROUNDS]`. Each round times pulldown-cmark
//! alone (the reader's options, its offset iterator walked to the end), then decoding,
//! reading and extracting, ten runs each; the fastest round of each stage is printed, and
//! the ratio of reading plus extraction to pulldown-cmark (of the fastest rounds, and the
//! median of each round's ratio).

use pulldown_cmark::{Options, Parser};
use std::time::{Duration, Instant};

#[cfg(all(not(target_env = "msvc"), not(feature = "system-allocator")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

const RUNS: u32 = 10;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: reading SPEC [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = args.next().map_or(9, |n| n.parse().unwrap_or(9)).max(1);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("cannot read {path}: {e}");
        std::process::exit(4);
    });
    let Ok(text) = specforge_markdown::decode(&bytes, usize::MAX) else {
        eprintln!("{path} does not decode");
        std::process::exit(4);
    };
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    // Per round: pulldown-cmark; decode; read; extract (each the mean of RUNS runs).
    let mut rounds_seen: Vec<[Duration; 4]> = Vec::new();
    let mut sink = 0usize;
    for _ in 0..rounds {
        let start = Instant::now();
        for _ in 0..RUNS {
            sink += Parser::new_ext(&text, options).into_offset_iter().count();
        }
        let parse = start.elapsed() / RUNS;
        let mut stages = [Duration::ZERO; 3];
        for _ in 0..RUNS {
            let t0 = Instant::now();
            let text = specforge_markdown::decode(&bytes, usize::MAX).unwrap_or_default();
            let t1 = Instant::now();
            let (document, _) = specforge_markdown::read(&text);
            let t2 = Instant::now();
            let extraction = specforge_extract::extract(&text, &document);
            let t3 = Instant::now();
            sink += extraction.spec.api.endpoints.len();
            for (stage, took) in stages.iter_mut().zip([t1 - t0, t2 - t1, t3 - t2]) {
                *stage += took;
            }
        }
        rounds_seen.push([parse, stages[0] / RUNS, stages[1] / RUNS, stages[2] / RUNS]);
    }
    let fastest = |stage: usize| {
        rounds_seen
            .iter()
            .map(|r| r[stage])
            .min()
            .unwrap_or_default()
    };
    let ratio = |r: &[Duration; 4]| (r[2] + r[3]).as_secs_f64() / r[0].as_secs_f64();
    let mut ratios: Vec<f64> = rounds_seen.iter().map(ratio).collect();
    ratios.sort_by(f64::total_cmp);
    let mb = bytes.len() as f64 / 1e6;
    let rate = |d: Duration| mb / d.as_secs_f64();
    let (parse, decode, read, extract) = (fastest(0), fastest(1), fastest(2), fastest(3));
    println!(
        "{path}: pulldown-cmark {parse:.2?} ({:.0} MB/s); decode {decode:.2?}, read {read:.2?}, \
         extract {extract:.2?}: read + extract {:.2?} ({:.0} MB/s); read + extract ÷ \
         pulldown-cmark {:.2} (fastest of each), {:.2} (median round)   [{sink}]",
        rate(parse),
        read + extract,
        rate(read + extract),
        (read + extract).as_secs_f64() / parse.as_secs_f64(),
        ratios[ratios.len() / 2],
    );
}

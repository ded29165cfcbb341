//! Reads and extracts a synthetic spec repeatedly, for profilers (`perf`, `valgrind`).
#[path = "../../../benches/support/synthetic.rs"]
mod synthetic;

fn main() {
    let size: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let rounds: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let spec = synthetic::synthetic_spec(size);
    if let Some(path) = std::env::var_os("SPECFORGE_DUMP_SYNTHETIC") {
        std::fs::write(path, &spec).expect("writable dump path");
    }
    let mut total = 0;
    let (mut reading, mut extracting) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
    for _ in 0..rounds {
        let start = std::time::Instant::now();
        let (document, _) = specforge_markdown::read(&spec);
        let read_done = std::time::Instant::now();
        let extraction = specforge_extract::extract(&spec, &document);
        extracting += read_done.elapsed();
        reading += read_done - start;
        total += extraction.spec.api.endpoints.len();
    }
    println!(
        "{total} endpoints; per round: read {:?}, extract {:?}",
        reading / rounds as u32,
        extracting / rounds as u32
    );
}

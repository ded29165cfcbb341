//! Decodes, reads and extracts one spec, for profiling the load stage alone:
//! `cargo build --release -p specforge-extract --example load`, then
//! `valgrind --tool=callgrind target/release/examples/load SPEC`.

fn main() {
    let path = std::env::args().nth(1).expect("usage: load SPEC [TIMES]");
    let times: usize = std::env::args()
        .nth(2)
        .map_or(1, |n| n.parse().expect("TIMES is a number"));
    let bytes = std::fs::read(&path).expect("readable spec");
    let mut endpoints = 0;
    let start = std::time::Instant::now();
    for _ in 0..times {
        let text = specforge_markdown::decode(&bytes, usize::MAX).expect("decodes");
        let (document, _) = specforge_markdown::read(&text);
        let extraction = specforge_extract::extract(&text, &document);
        endpoints += extraction.spec.api.endpoints.len();
    }
    let elapsed = start.elapsed() / times as u32;
    eprintln!(
        "{} endpoints, {:?} per run, {:.1} MB/s",
        endpoints / times,
        elapsed,
        bytes.len() as f64 / elapsed.as_secs_f64() / 1e6
    );
}

//! Writes the benchmarks' synthetic spec to a file, for timing the whole process with
//! hyperfine: `cargo run --release --example synthetic -- 1000000 /tmp/synthetic-1mb.md`.

#[path = "../benches/support/synthetic.rs"]
mod synthetic;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(bytes), Some(path)) = (args.next(), args.next()) else {
        eprintln!("usage: synthetic BYTES FILE");
        std::process::exit(2);
    };
    let Ok(bytes) = bytes.parse::<usize>() else {
        eprintln!("BYTES must be a number, not `{bytes}`");
        std::process::exit(2);
    };
    if let Err(e) = std::fs::write(&path, synthetic::synthetic_spec(bytes)) {
        eprintln!("cannot write {path}: {e}");
        std::process::exit(4);
    }
}

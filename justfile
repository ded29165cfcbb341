# specforge developer tasks. `just --list` shows them.

# Run every test.
test:
    cargo test --workspace

# Check that every valid fixture is a usable spec (extract exits 0) and every invalid one is not.
check:
    #!/usr/bin/env bash
    set -u
    cargo build --quiet
    status=0
    for f in fixtures/valid/*.md; do
        ./target/debug/specforge extract "$f" > /dev/null 2>&1 || { echo "not usable: $f"; status=1; }
    done
    for f in fixtures/invalid/*.md; do
        ./target/debug/specforge extract "$f" > /dev/null 2>&1 && { echo "accepted: $f"; status=1; }
    done
    exit $status

# Show what specforge reads in a spec.
extract spec:
    cargo run --quiet -- extract {{spec}}

# Benchmarks (criterion).
bench:
    cargo bench --bench extract

# What CI runs.
ci:
    bash .ci/run

# specforge developer tasks. `just --list` shows them.

# Run every test.
test:
    cargo test --workspace

# Regenerate generated-examples/ from every valid fixture.
generate:
    #!/usr/bin/env bash
    set -eu
    cargo build --quiet
    for spec in fixtures/valid/*.md; do
        ./target/debug/specforge generate "$spec" --out "generated-examples/$(basename "$spec" .md)" --force
    done

# Prove generated-examples/ is current (what CI runs), and that every invalid fixture is refused.
check:
    #!/usr/bin/env bash
    set -u
    cargo build --quiet
    status=0
    for spec in fixtures/valid/*.md; do
        ./target/debug/specforge check "$spec" --out "generated-examples/$(basename "$spec" .md)" --deny warnings || status=1
    done
    for spec in fixtures/invalid/*.md; do
        ./target/debug/specforge generate "$spec" --out /tmp/specforge-never > /dev/null 2>&1 && { echo "accepted: $spec"; status=1; }
    done
    exit $status

# Show what specforge reads in a spec.
extract spec:
    cargo run --quiet -- extract {{spec}}

# Benchmarks (criterion).
bench:
    cargo bench --bench extract --bench generate

# What CI runs.
ci:
    bash .ci/run

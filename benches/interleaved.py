#!/usr/bin/env python3
"""Whole-process timing of several builds in the same rounds, for this machine whose speed
moves by a third within minutes: each round runs every command once, in rotating order, so
a slow spell costs every build alike. Prints each command's median, quartiles and fastest
round, and its median as a ratio of the first command's.

    benches/interleaved.py ROUNDS 'BUILD-A generate spec.md --out a --force' 'BUILD-B …'

Commands are split on spaces and run without a shell; each must exit 0 (one warm-up run
each first).
"""
import statistics
import subprocess
import sys
import time


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    rounds = int(sys.argv[1])
    commands = sys.argv[2:]
    times = {command: [] for command in commands}

    def run(command: str) -> float:
        start = time.perf_counter()
        done = subprocess.run(command.split(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        took = time.perf_counter() - start
        if done.returncode != 0:
            sys.exit(f"{command}: exit {done.returncode}")
        return took

    for command in commands:
        run(command)
    for r in range(rounds):
        shift = r % len(commands)
        for command in commands[shift:] + commands[:shift]:
            times[command].append(run(command))
    first = None
    for command in commands:
        ts = sorted(times[command])
        median = statistics.median(ts)
        first = first or median
        print(
            f"median {median * 1e3:8.1f} ms  q1 {ts[len(ts) // 4] * 1e3:7.1f}  "
            f"q3 {ts[3 * len(ts) // 4] * 1e3:7.1f}  min {ts[0] * 1e3:7.1f}  "
            f"ratio {median / first:5.2f}  {command}"
        )


if __name__ == "__main__":
    main()

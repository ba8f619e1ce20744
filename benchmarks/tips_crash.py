"""Crash benchmark: ``blendbot tips send`` killed with SIGKILL halfway, then rerun at once.

    .venv/bin/python benchmarks/tips_crash.py [--subscribers 200] [--reruns 2]
        [--database sqlite|postgresql|both] [--tenant-rate 15] [--latency 0.05]

A real sender process delivers this week's tip to ``--subscribers`` conversations at a Bot
Connector stand-in (tests/helpers_tips.py) that counts every delivery; once half of them got
it, the process is killed with SIGKILL, and ``--reruns`` senders (as the reruns of that many
replicas) start at the same moment. A high ``--tenant-rate`` with a slow stand-in
(``--latency``) keeps all 8 workers' sends in flight at the kill: the worst case.

Prints per back-end: reached (goal: all), repeats (goal: at most 8, the messages in flight)
and what each rerun did. PostgreSQL: 127.0.0.1:5432, user postgres, database test, a
throw-away schema per run.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.helpers_crash import LIVE_SENDER, CrashRun, crash_and_rerun, crash_database  # noqa: E402
from tests.helpers_tips import PG_URL, _postgres_reachable  # noqa: E402


def outcome(returncode: int, output: str) -> str:
    if returncode == 1 and LIVE_SENDER in output:
        return "exit 1: live sender met"
    last = output.strip().splitlines()[-1] if output.strip() else ""
    return f"exit {returncode}: {last[:90]}"


def report(run: CrashRun) -> None:
    print(f"{run.backend:>10}: {run.reached}/{run.total} reached, {run.repeats} repeats, "
          f"{run.before_kill} delivered before SIGKILL (exit {run.killed_returncode}), "
          f"{run.seconds:.1f} s")
    for n, rerun in enumerate(run.reruns, 1):
        print(f"{'':>12}rerun {n}: {outcome(rerun.returncode, rerun.output)}")


async def main(args: argparse.Namespace) -> int:
    backends = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    failed = False
    for backend in backends:
        if backend == "postgresql" and not await _postgres_reachable():
            print(f"{'postgresql':>10}: skipped, not reachable at {PG_URL}")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            async with crash_database(backend, Path(tmp)) as url:
                run = await crash_and_rerun(backend, url, Path(tmp), total=args.subscribers,
                                            reruns=args.reruns, tenant_rate=args.tenant_rate,
                                            latency=args.latency)
        report(run)
        failed |= run.reached != run.total or run.repeats > 8
    return 1 if failed else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=200)
    parser.add_argument("--reruns", type=int, default=2)
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--tenant-rate", type=float, default=15.0)
    parser.add_argument("--latency", type=float, default=0.05,
                        help="seconds the stand-in takes per delivery (more = more in flight)")
    sys.exit(asyncio.run(main(parser.parse_args())))

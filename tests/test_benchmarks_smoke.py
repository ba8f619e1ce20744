"""Every benchmark still runs (in a tiny configuration) and prints its figures.

Benchmarks share helpers (storage.py imports from endpoint.py), so a change in one can
break another without any test noticing; this catches that. No timing is asserted.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _postgres_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def _run(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=240
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_classify_benchmark() -> None:
    out = _run("benchmarks/classify.py", "--texts", "60", "--process-runs", "1")
    assert "per-text p99 wall (ms)" in out and "start-up from artifact" in out
    assert "targets:" in out


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc (Linux)")
def test_serve_memory_benchmark() -> None:
    out = _run("benchmarks/serve_memory.py", "--messages", "8", "--clients", "2")
    assert "first start" in out and "warm start" in out and "target: RSS after" in out


def test_endpoint_benchmark() -> None:
    out = _run("benchmarks/endpoint.py", "--messages", "40", "--clients", "4",
               "--warmup", "4", "--rounds", "1")
    assert "ratio blendbot / echo-stock throughput" in out
    assert "ratio blendbot-agents / agents-echo-stock throughput" in out
    rows = [line.split() for line in out.splitlines()
            if line.startswith(("blendbot", "echo", "agents"))]
    assert all(row[5] == "0" for row in rows if len(row) == 7), out  # no failed request


def test_broadcast_benchmark_loses_and_repeats_nothing() -> None:
    out = _run("benchmarks/broadcast.py", "--subscriptions", "60", "--tenants", "3")
    assert "messages lost: 0" in out and "duplicates: 0" in out


@pytest.mark.skipif(not _postgres_reachable(), reason="PostgreSQL not reachable at 127.0.0.1:5432")
def test_storage_benchmark() -> None:
    out = _run("benchmarks/storage.py", "--ops", "100", "--messages", "40", "--clients", "4",
               "--warmup", "4")
    assert "2x postgres" in out and "reads/s" in out


def test_soak_benchmark_answers_every_valid_message() -> None:
    out = _run("benchmarks/soak.py", "--messages", "120", "--seconds", "6",
               "--conversations", "12", "--hostile-every", "10", "--warmup", "12")
    assert "non-2xx (valid): 0" in out
    assert "not answered as expected: 0" in out and "server RSS:" in out

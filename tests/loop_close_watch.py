"""Diagnosis for a rare hang: a test's event loop that cannot close.

pytest-asyncio closes every test's loop; closing cancels the tasks left behind and waits for
them. A task that never finishes after cancellation hangs the whole run (seen about once in
three full runs, never in isolation). When a close takes longer than ``GRACE`` seconds, the
stacks of the tasks still pending and of all threads are appended to ``REPORT`` (stderr is
captured by pytest at that point, so a file it is); ``.ci/run`` prints it after a hung attempt.
"""

from __future__ import annotations

import asyncio
import asyncio.runners
import faulthandler
import os
import threading
from pathlib import Path
from typing import Any

GRACE = 20.0
REPORT = Path(os.environ.get("BLENDBOT_HANG_REPORT", ".pytest-hangs.txt"))
_original = asyncio.runners._cancel_all_tasks  # type: ignore[attr-defined]


def _report(tasks: list[asyncio.Task[Any]], test: str) -> None:
    pending = [t for t in tasks if not t.done()]
    if not pending:
        return
    with REPORT.open("a", encoding="utf-8") as out:
        out.write(f"\n== loop close waits on {len(pending)} task(s) after {test}\n")
        for task in pending:
            out.write(f"-- {task!r}\n")
            task.print_stack(file=out)
        out.flush()
        faulthandler.dump_traceback(file=out, all_threads=True)


def _watched_cancel_all_tasks(loop: asyncio.AbstractEventLoop) -> None:
    tasks = [t for t in asyncio.all_tasks(loop) if not t.done()]
    if not tasks:
        return _original(loop)
    test = os.environ.get("PYTEST_CURRENT_TEST", "?")
    timer = threading.Timer(GRACE, _report, (tasks, test))
    timer.daemon = True
    timer.start()
    try:
        return _original(loop)
    finally:
        timer.cancel()


asyncio.runners._cancel_all_tasks = _watched_cancel_all_tasks  # type: ignore[attr-defined]

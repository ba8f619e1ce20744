"""Reads are tried up to three times on a lost connection, once on anything else."""

from __future__ import annotations

import pytest

from bot.storage.database import retry_reads


def _flaky(failures: list[BaseException]) -> tuple[list[int], object]:
    calls: list[int] = []

    @retry_reads
    async def read(value: int) -> int:
        calls.append(value)
        if failures:
            raise failures.pop(0)
        return value * 2

    return calls, read


async def test_a_lost_connection_is_tried_again() -> None:
    calls, read = _flaky([ConnectionResetError(), TimeoutError()])
    assert await read(21) == 42
    assert calls == [21, 21, 21]


async def test_three_lost_connections_give_up() -> None:
    calls, read = _flaky([ConnectionResetError()] * 3)
    with pytest.raises(ConnectionResetError):
        await read(1)
    assert len(calls) == 3


async def test_another_error_is_not_retried() -> None:
    calls, read = _flaky([ValueError("bad row")])
    with pytest.raises(ValueError, match="bad row"):
        await read(1)
    assert calls == [1]

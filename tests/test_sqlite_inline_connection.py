"""``InlineSqlite`` keeps one connection between units: a unit that fails leaves it idle (no
transaction, no lock), reads see what other connections commit later, ``dispose()`` closes
it, and another writer's lock still comes back as ``Busy`` at once."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bot.storage.sqlite_inline import Busy, InlineSqlite

_ROWS = sa.text("SELECT n FROM t ORDER BY n")
_INSERT = sa.text("INSERT INTO t (n) VALUES (:n)")


class _Boom(Exception):
    pass


@pytest.fixture
def path(tmp_path: Path) -> Path:
    file = tmp_path / "kept.sqlite3"
    with sqlite3.connect(file) as setup:
        setup.execute("PRAGMA journal_mode=WAL")
        setup.execute("CREATE TABLE t (n INTEGER PRIMARY KEY)")
    return file


@pytest.fixture
def inline(path: Path) -> Iterator[InlineSqlite]:
    engine = InlineSqlite(make_url(f"sqlite+aiosqlite:///{path}"))
    yield engine
    engine.dispose()


def _other(path: Path) -> sqlite3.Connection:
    """Another process's connection: autocommit, no busy timeout."""
    return sqlite3.connect(path, isolation_level=None, timeout=0)


def _rows(inline: InlineSqlite) -> list[int]:
    return inline.run(lambda conn: [n for (n,) in conn.execute(_ROWS)], write=False)


def _nobody_holds_a_lock(path: Path) -> None:
    other = _other(path)
    try:
        other.execute("BEGIN IMMEDIATE")  # fails at once with "locked" if a writer is left
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_the_connection_is_kept_between_units(inline: InlineSqlite) -> None:
    seen: list[sa.Connection] = []
    for write in (False, True, False):
        inline.run(seen.append, write=write)
    assert seen[0] is seen[1] is seen[2]
    assert not seen[0].in_transaction()


def test_a_write_that_fails_midway_keeps_nothing_and_leaves_no_transaction(
        inline: InlineSqlite, path: Path) -> None:
    kept: list[sa.Connection] = []

    def unit(conn: sa.Connection) -> None:
        kept.append(conn)
        conn.execute(_INSERT, {"n": 1})
        raise _Boom

    with pytest.raises(_Boom):
        inline.run(unit, write=True)
    assert not kept[0].in_transaction()
    _nobody_holds_a_lock(path)
    assert _rows(inline) == []
    inline.run(lambda conn: conn.execute(_INSERT, {"n": 2}), write=True)
    assert _rows(inline) == [2]


def test_a_statement_error_inside_a_write_leaves_the_connection_usable(
        inline: InlineSqlite, path: Path) -> None:
    def unit(conn: sa.Connection) -> None:
        conn.execute(_INSERT, {"n": 1})
        conn.execute(_INSERT, {"n": 1})  # IntegrityError: the same key again

    with pytest.raises(sa.exc.IntegrityError):
        inline.run(unit, write=True)
    _nobody_holds_a_lock(path)
    assert _rows(inline) == []


@pytest.mark.parametrize("error", [_Boom, KeyboardInterrupt, GeneratorExit])
def test_a_read_that_fails_or_is_interrupted_leaves_no_transaction(
        inline: InlineSqlite, path: Path, error: type[BaseException]) -> None:
    kept: list[sa.Connection] = []

    def unit(conn: sa.Connection) -> None:
        kept.append(conn)
        conn.execute(_ROWS).fetchone()
        conn.execute(_INSERT, {"n": 9})  # a "read" that wrote: discarded, not left open
        raise error

    with pytest.raises(error):
        inline.run(unit, write=False)
    assert not kept[0].in_transaction()
    _nobody_holds_a_lock(path)
    assert _rows(inline) == []


def test_a_read_that_writes_without_failing_keeps_nothing(
        inline: InlineSqlite, path: Path) -> None:
    inline.run(lambda conn: conn.execute(_INSERT, {"n": 3}), write=False)
    _nobody_holds_a_lock(path)
    assert _rows(inline) == []


def test_reads_see_what_another_connection_commits_later(
        inline: InlineSqlite, path: Path) -> None:
    assert _rows(inline) == []
    # a unit that leaves its result unread must not pin the snapshot either
    inline.run(lambda conn: conn.execute(_ROWS), write=False)
    other = _other(path)
    try:
        other.execute("INSERT INTO t (n) VALUES (1)")
        assert _rows(inline) == [1]
        other.execute("BEGIN")
        other.execute("INSERT INTO t (n) VALUES (2)")
        assert _rows(inline) == [1]  # not committed yet
        other.execute("COMMIT")
        assert _rows(inline) == [1, 2]
        inline.run(lambda conn: conn.execute(_INSERT, {"n": 3}), write=True)
        assert [n for (n,) in other.execute("SELECT n FROM t ORDER BY n")] == [1, 2, 3]
    finally:
        other.close()


def test_a_writer_in_another_process_is_busy_at_once_and_nothing_is_kept(
        inline: InlineSqlite, path: Path) -> None:
    assert _rows(inline) == []
    other = _other(path)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO t (n) VALUES (1)")
        runs: list[int] = []

        def unit(conn: sa.Connection) -> None:
            runs.append(1)
            conn.execute(_INSERT, {"n": 2})

        for _ in range(2):  # the connection stays usable after Busy
            with pytest.raises(Busy):
                inline.run(unit, write=True)
        assert _rows(inline) == []  # WAL: the reader does not wait for the writer
        other.execute("COMMIT")
        inline.run(unit, write=True)
        assert runs == [1, 1, 1]
        assert _rows(inline) == [1, 2]
    finally:
        other.close()


def test_dispose_closes_the_kept_connection_and_a_later_unit_opens_another(
        inline: InlineSqlite) -> None:
    seen: list[sa.Connection] = []
    inline.run(seen.append, write=False)
    inline.dispose()
    assert seen[0].closed
    inline.run(seen.append, write=False)
    assert seen[1] is not seen[0] and not seen[1].closed


def test_an_invalidated_connection_is_replaced(inline: InlineSqlite) -> None:
    seen: list[sa.Connection] = []
    inline.run(seen.append, write=False)
    seen[0].invalidate()
    inline.run(lambda conn: conn.execute(_INSERT, {"n": 1}), write=True)
    inline.run(seen.append, write=False)
    assert seen[1] is not seen[0]
    assert _rows(inline) == [1]

"""Our own conversation state: loaded per turn, saved only when changed, never over a newer
row (SQLite and PostgreSQL, like every storage test)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest

from bot.core.state import ConversationData
from bot.storage.bf_storage import EtagConflictError, SqlStorage
from bot.storage.conversation_store import ConversationStore, conversation_state_key
from bot.storage.turn_state import run_turn_with_state
from tests.helpers_db import db_url_fixture, migrated  # noqa: F401 - fixture


@pytest.fixture
async def store(db_url: str) -> AsyncIterator[ConversationStore]:
    async with migrated(db_url) as (db,):
        yield ConversationStore(SqlStorage(db, legacy_as_dict=True))


async def _seed(store: ConversationStore, key: str, **parts: object) -> None:
    data = await store.load(key)
    for name, value in parts.items():
        data.set(name, value)
    await store.save(key, data)
    assert (await store.load(key)).etag is not None


@pytest.fixture
def key() -> str:
    return conversation_state_key("msteams", f"a:{uuid.uuid4().hex}")


def test_changes_are_seen_in_nested_parts() -> None:
    data = ConversationData({"memo": {"questions": {"q1": {"asked": []}}}}, "e1")
    assert not data.changed
    data.part("memo")["questions"]["q1"]["asked"].append("samenhang")
    assert data.changed
    data.mark_saved("e2")
    assert not data.changed and data.etag == "e2"
    data.delete("memo")
    assert data.changed


async def test_an_unchanged_state_is_not_written_again(store: ConversationStore, key: str
                                                       ) -> None:
    first = await store.load(key)
    first.part("BlendbotConversation")["welcomed"] = True
    await store.save(key, first)
    etag = (await store.load(key)).etag
    assert etag is not None

    again = await store.load(key)
    assert again.get("BlendbotConversation") == {"welcomed": True}
    await store.save(key, again)  # nothing changed: no write, the eTag stays
    assert (await store.load(key)).etag == etag


async def test_a_stale_copy_is_never_saved_over_a_newer_row(store: ConversationStore,
                                                            key: str) -> None:
    await _seed(store, key, n=0)
    mine, theirs = await store.load(key), await store.load(key)
    theirs.set("n", 1)
    await store.save(key, theirs)
    mine.set("n", 2)
    with pytest.raises(EtagConflictError):
        await store.save(key, mine)
    assert (await store.load(key)).get("n") == 1


async def test_two_first_turns_cannot_both_create_the_row(store: ConversationStore,
                                                          key: str) -> None:
    one, two = await store.load(key), await store.load(key)
    assert one.etag is None
    one.set("who", "one")
    two.set("who", "two")
    await store.save(key, one)
    with pytest.raises(EtagConflictError):
        await store.save(key, two)


async def test_a_conflicting_turn_reruns_on_fresh_state_when_nothing_was_sent(
        store: ConversationStore, key: str) -> None:
    await _seed(store, key, n=0)
    runs: list[int] = []

    async def turn(state: ConversationData) -> None:
        runs.append(state.get("n"))
        if len(runs) == 1:  # another replica writes between our read and our save
            other = await store.load(key)
            other.set("n", 10)
            await store.save(key, other)
        state.set("n", state.get("n") + 1)

    await run_turn_with_state(store, key, turn, lambda: False)
    assert runs == [0, 10]
    assert (await store.load(key)).get("n") == 11


async def test_a_conflict_after_a_reply_fails_clearly(store: ConversationStore, key: str
                                                      ) -> None:
    await _seed(store, key, n=0)

    async def turn(state: ConversationData) -> None:
        other = await store.load(key)
        other.set("n", 10)
        await store.save(key, other)
        state.set("n", 1)

    with pytest.raises(EtagConflictError):
        await run_turn_with_state(store, key, turn, lambda: True)  # already answered
    assert (await store.load(key)).get("n") == 10


async def test_reload_carries_on_from_the_row_another_writer_left(store: ConversationStore,
                                                                   key: str) -> None:
    await _seed(store, key, n=0)
    mine = await store.load(key)
    other = await store.load(key)
    other.set("n", 5)
    await store.save(key, other)
    await store.reload(key, mine)
    mine.set("seen", True)
    await store.save(key, mine)  # no conflict: the copy is the newest row's
    assert (await store.load(key)).to_document() == {"n": 5, "seen": True}


async def test_state_written_by_bot_framework_conversation_state_reads_unchanged(
        db_url: str, key: str) -> None:
    """Rows the botbuilder ConversationState wrote (earlier versions) have the same shape."""
    async with migrated(db_url) as (db,):
        storage = SqlStorage(db, legacy_as_dict=True)
        await storage.write({key: {"BlendbotConversation": {"welcomed": True},
                                   "BlendbotReadiness": {"index": 3, "answers": {}}}})
        data = await ConversationStore(storage).load(key)
    assert data.get("BlendbotConversation") == {"welcomed": True}
    assert data.get("BlendbotReadiness")["index"] == 3
    assert data.etag is not None and not data.changed

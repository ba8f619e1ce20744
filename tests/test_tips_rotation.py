"""The fixed tip rotation and ISO-week period keys (pure functions)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.tips.rotation import (
    ADVICE_ORDER,
    TIP_ORDER,
    Audience,
    TipKind,
    audience_for,
    period_key,
    rotation_for,
    tip_by_key,
    tip_for,
)
from knowledge.loader import load_knowledge
from knowledge.taxonomy import MISCONCEPTION_IDS

CARDS = load_knowledge().cards


def test_personal_cycle_is_every_tip_and_advice_once_two_tips_then_advice() -> None:
    cycle = rotation_for(Audience.PERSONAL, CARDS)
    keys = [item.key for item in cycle]
    assert sorted(keys) == sorted(TIP_ORDER + ADVICE_ORDER)
    assert [item.kind for item in cycle[:6]] == [
        TipKind.TIP, TipKind.TIP, TipKind.ADVICE, TipKind.TIP, TipKind.TIP, TipKind.ADVICE]
    assert keys[0] == "tip-leerdoelen"


def test_group_cycle_mixes_in_every_stelling_once() -> None:
    cycle = rotation_for(Audience.GROUP, CARDS)
    keys = [item.key for item in cycle]
    assert len(keys) == len(set(keys))
    stellingen = [item for item in cycle if item.kind is TipKind.STELLING]
    expected = sum(len(CARDS[i].stellingen) for i in MISCONCEPTION_IDS)
    assert len(stellingen) == expected
    assert all(item.stelling in item.card.stellingen for item in stellingen)
    assert cycle[1].kind is TipKind.STELLING and cycle[0].kind is TipKind.TIP
    personal = [item.key for item in cycle if item.kind is not TipKind.STELLING]
    assert personal == [item.key for item in rotation_for(Audience.PERSONAL, CARDS)]


@pytest.mark.parametrize("audience", list(Audience))
def test_every_item_survives_its_stored_key(audience: Audience) -> None:
    for item in rotation_for(audience, CARDS):
        assert tip_by_key(item.key, CARDS) == item


@given(start=st.integers(min_value=0, max_value=10_000), audience=st.sampled_from(list(Audience)))
def test_nothing_repeats_before_the_cycle_is_done(start: int, audience: Audience) -> None:
    length = len(rotation_for(audience, CARDS))
    window = [tip_for(start + n, audience, CARDS).key for n in range(length)]
    assert len(set(window)) == length
    assert tip_for(start + length, audience, CARDS) == tip_for(start, audience, CARDS)


def test_unknown_keys_are_refused() -> None:
    with pytest.raises(LookupError):
        tip_by_key("tip-bestaat-niet", CARDS)
    with pytest.raises(LookupError):
        tip_by_key("mis-video#7", CARDS)


def test_audience_from_conversation_type() -> None:
    assert audience_for("channel") is Audience.GROUP
    assert audience_for("groupChat") is Audience.GROUP
    assert audience_for("personal") is Audience.PERSONAL
    assert audience_for(None, is_group=True) is Audience.GROUP
    assert audience_for(None) is Audience.PERSONAL


@pytest.mark.parametrize(("moment", "expected"), [
    # Sunday 23:30 UTC is already Monday 00:30 in Amsterdam: the new week has begun there.
    (datetime(2026, 11, 22, 23, 30, tzinfo=UTC), "2026-W48"),
    (datetime(2026, 11, 22, 22, 30, tzinfo=UTC), "2026-W47"),
    (datetime(2026, 11, 23, 8, 0, tzinfo=UTC), "2026-W48"),
    # ISO years: 1 January 2027 still belongs to week 53 of 2026.
    (datetime(2027, 1, 1, 12, 0, tzinfo=UTC), "2026-W53"),
    (datetime(2027, 1, 4, 12, 0, tzinfo=UTC), "2027-W01"),
])
def test_period_key_is_the_iso_week_in_amsterdam(moment: datetime, expected: str) -> None:
    assert period_key(moment) == expected

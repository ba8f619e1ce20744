"""Insights numbers on a known set of stored events, and the retention purge."""

from __future__ import annotations

from datetime import timedelta

from bot import insights
from bot.insights import CardCount, CardFeedback, Period
from bot.storage import schema
from tests.helpers_digicoach import NOW, database, insert, seed_known_events  # noqa: F401

PERIOD = Period.last_days(30, now=NOW)


async def test_answers_per_card_and_unsure_share(database) -> None:  # noqa: F811
    await seed_known_events(database)
    data = await insights.collect(database.engine, PERIOD)
    assert data.total_answers == 10
    assert data.unsure_answers == 4
    assert data.unsure_share == 0.4
    assert data.cards == [CardCount("mis-hybride", 7, 2), CardCount("def-blended-leren", 2, 1)]


async def test_feedback_per_card_in_period(database) -> None:  # noqa: F811
    await seed_known_events(database)
    data = await insights.collect(database.engine, PERIOD)
    assert data.feedback == [CardFeedback("def-blended-leren", 0, 1),
                             CardFeedback("mis-hybride", 2, 1)]


async def test_readiness_only_for_teams_of_five_using_latest_results(database) -> None:  # noqa: F811
    await seed_known_events(database)
    data = await insights.collect(database.engine, PERIOD)
    (team,) = data.readiness  # team-b has four people: not shown
    assert team.team_id == "team-a"
    assert team.people == 5
    # a0's latest result says "weet ik niet" for delen: only four answered it, so it is not
    # published (it would be an average of four named colleagues, below the minimum of five)
    assert team.averages == {"interactie": 2.8}


async def test_kept_questions_newest_first_within_period(database) -> None:  # noqa: F811
    await seed_known_events(database)
    data = await insights.collect(database.engine, PERIOD)
    assert [(q.text, q.card_id, q.reason) for q in data.questions] == [
        ("Is een podcast <b>blended</b>?", None, "unsure"),
        ("Wat is hybride precies?", "mis-hybride", "niet_behulpzaam"),
    ]


async def test_longer_period_includes_older_events(database) -> None:  # noqa: F811
    await seed_known_events(database)
    data = await insights.collect(database.engine, Period.last_days(365, now=NOW))
    assert data.total_answers == 11
    assert CardCount("mis-video", 1, 0) in data.cards
    assert len(data.questions) == 3


async def test_most_asked_cards(database) -> None:  # noqa: F811
    await seed_known_events(database)
    async with database.connect() as conn:
        assert await insights.most_asked(conn, 2) == ["mis-hybride", "def-blended-leren"]
        assert await insights.most_asked(conn, 5, Period(NOW - timedelta(days=60),
                                                         NOW - timedelta(days=30))) == [
            "mis-video"]


async def test_empty_database_gives_zeroes(database) -> None:  # noqa: F811
    data = await insights.collect(database.engine, PERIOD)
    assert (data.total_answers, data.unsure_share, data.cards, data.readiness) == (0, 0.0, [], [])


async def test_purge_removes_only_expired_question_texts(database) -> None:  # noqa: F811
    await seed_known_events(database)
    assert await insights.purge_expired(database.engine, 90, now=NOW) == 1
    assert await insights.purge_expired(database.engine, 90, now=NOW) == 0
    async with database.connect() as conn:
        texts = sorted(r[0] for r in await conn.execute(schema.kept_questions.select()
                                                        .with_only_columns(
                                                            schema.kept_questions.c.text)))
    assert texts == ["Is een podcast <b>blended</b>?", "Wat is hybride precies?"]
    # a retention of 2 days also removes the 3-day-old question
    assert await insights.purge_expired(database.engine, 2, now=NOW) == 1


async def test_readiness_ignores_non_numeric_levels(database) -> None:  # noqa: F811
    rows = [{"created_at": NOW - timedelta(days=1), "user_key": f"x{i}", "team_id": "t",
             "answers": {}, "levels": {"interactie": lvl, "delen": "weet_niet"}}
            for i, lvl in enumerate([1, 2, 3, 4, 5, None])]
    await insert(database, schema.readiness_results, rows)
    (team,) = (await insights.collect(database.engine, PERIOD)).readiness
    assert team.averages == {"interactie": 3.0}


async def test_a_dimension_answered_by_fewer_than_five_is_not_published(database) -> None:  # noqa: F811
    """Four 'weet ik niet' and one answer must not reveal that one teacher's level."""
    levels = [{"interactie": 3, "delen": None}] * 4 + [{"interactie": 3, "delen": 4}]
    rows = [{"created_at": NOW - timedelta(days=1), "user_key": f"p{i}", "team_id": "t",
             "answers": {}, "levels": lv} for i, lv in enumerate(levels)]
    await insert(database, schema.readiness_results, rows)
    (team,) = (await insights.collect(database.engine, PERIOD)).readiness
    assert team.people == 5
    assert team.averages == {"interactie": 3.0}

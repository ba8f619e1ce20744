"""Comments after 👎 in the database (SQLite and PostgreSQL): shown in the insights for the
period, purged after the retention period, removed by "vergeet mij"."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from bot import insights, privacy
from bot.insights import Period
from bot.storage import schema
from bot.storage.comments_repo import keep_comment
from bot.web.insights_html import insights_content
from tests.helpers_digicoach import NOW, database, insert  # noqa: F401

PERIOD = Period.last_days(30, now=NOW)


async def _seed(db) -> None:
    await insert(db, schema.feedback_comments, [
        {"created_at": NOW - timedelta(days=1), "user_key": "u1", "card_id": "mis-video",
         "text": "Het voorbeeld past niet bij de <b>zorg</b>"},
        {"created_at": NOW - timedelta(days=100), "user_key": "u1", "card_id": None,
         "text": "oude opmerking"},
        {"created_at": NOW - timedelta(days=2), "user_key": "u2", "card_id": "mis-hybride",
         "text": "Mijn les is niet hybride"},
    ])


async def _texts(db) -> list[str]:
    async with db.connect() as conn:
        t = schema.feedback_comments
        return sorted(r[0] for r in await conn.execute(sa.select(t.c.text)))


async def test_comments_in_the_insights_newest_first(database) -> None:  # noqa: F811
    await _seed(database)
    data = await insights.collect(database.engine, PERIOD)
    assert [(c.card_id, c.text) for c in data.comments] == [
        ("mis-video", "Het voorbeeld past niet bij de <b>zorg</b>"),
        ("mis-hybride", "Mijn les is niet hybride")]
    html = insights_content(data, lambda card_id: card_id.upper(), days=30)
    assert "Het voorbeeld past niet bij de &lt;b&gt;zorg&lt;/b&gt;" in html  # escaped
    assert "MIS-VIDEO" in html


async def test_retention_purges_old_comments(database) -> None:  # noqa: F811
    await _seed(database)
    assert await insights.purge_expired(database.engine, 90, now=NOW) == 1
    assert await _texts(database) == ["Het voorbeeld past niet bij de <b>zorg</b>",
                                      "Mijn les is niet hybride"]


async def test_vergeet_mij_removes_only_that_teachers_comments(database) -> None:  # noqa: F811
    await _seed(database)
    await keep_comment(database.engine, user_key="u1", card_id=None, text="x\x00y" * 600)
    counts = await privacy.forget_user(database.engine, privacy.Subject(user_key="u1"))
    assert counts["feedback_comments"] == 3
    assert await _texts(database) == ["Mijn les is niet hybride"]

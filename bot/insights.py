"""What teachers ask, for DigiCoaches: pure read queries over the stored events.

Every function takes an open SQLAlchemy ``AsyncConnection`` and a ``Period``; nothing here
knows about Teams or HTTP. Readiness averages are only given for teams where at least
``MIN_TEAM_SIZE`` different people did the check, so no one's answers can be singled out.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, delete, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot.storage import schema
from bot.storage.comments_repo import FeedbackComment, purge_comments, recent_comments

MIN_TEAM_SIZE = 5
DEFAULT_DAYS = 30
MAX_QUESTIONS = 200


@dataclass(frozen=True, slots=True)
class Period:
    """``start <= created_at < end``, in UTC."""

    start: datetime
    end: datetime

    @classmethod
    def last_days(cls, days: int = DEFAULT_DAYS, now: datetime | None = None) -> Period:
        end = now or datetime.now(UTC)
        return cls(end - timedelta(days=max(1, days)), end)

    def where(self, column: Any) -> Any:
        return and_(column >= _aware(self.start), column < _aware(self.end))


@dataclass(frozen=True, slots=True)
class CardCount:
    card_id: str
    answered: int
    unsure: int


@dataclass(frozen=True, slots=True)
class CardFeedback:
    card_id: str
    helpful: int
    not_helpful: int


@dataclass(frozen=True, slots=True)
class TeamReadiness:
    team_id: str
    people: int
    averages: dict[str, float]
    """Average level (1-4) per dimension, over each person's latest check in the period."""


@dataclass(frozen=True, slots=True)
class KeptQuestion:
    created_at: datetime
    text: str
    card_id: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class Insights:
    period: Period
    total_answers: int
    unsure_answers: int
    cards: list[CardCount] = field(default_factory=list)
    feedback: list[CardFeedback] = field(default_factory=list)
    readiness: list[TeamReadiness] = field(default_factory=list)
    questions: list[KeptQuestion] = field(default_factory=list)
    comments: list[FeedbackComment] = field(default_factory=list)
    """What teachers typed after 👎 and agreed to keep, newest first."""

    @property
    def unsure_share(self) -> float:
        return self.unsure_answers / self.total_answers if self.total_answers else 0.0


def _aware(moment: datetime) -> datetime:
    """The UTCDateTime column type wants aware datetimes; naive ones are taken as UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


async def answer_totals(conn: AsyncConnection, period: Period) -> tuple[int, int]:
    """(all answers, unsure answers) in the period."""
    t = schema.answer_events
    row = (await conn.execute(
        select(func.count(), func.coalesce(func.sum(case((t.c.unsure, 1), else_=0)), 0))
        .where(period.where(t.c.created_at))
    )).one()
    return int(row[0]), int(row[1])


async def answers_per_card(conn: AsyncConnection, period: Period) -> list[CardCount]:
    """How often each card was answered, most asked first."""
    t = schema.answer_events
    unsure = func.coalesce(func.sum(case((t.c.unsure, 1), else_=0)), 0)
    rows = await conn.execute(
        select(t.c.card_id, func.count(), unsure)
        .where(period.where(t.c.created_at), t.c.card_id.is_not(None))
        .group_by(t.c.card_id)
        .order_by(func.count().desc(), t.c.card_id)
    )
    return [CardCount(r[0], int(r[1]), int(r[2])) for r in rows]


async def most_asked(conn: AsyncConnection, limit: int, period: Period | None = None) -> list[str]:
    """Card ids answered most often (all time unless a period is given)."""
    t = schema.answer_events
    query = select(t.c.card_id).where(t.c.card_id.is_not(None))
    if period is not None:
        query = query.where(period.where(t.c.created_at))
    query = query.group_by(t.c.card_id).order_by(func.count().desc(), t.c.card_id).limit(limit)
    return [r[0] for r in await conn.execute(query)]


async def feedback_per_card(conn: AsyncConnection, period: Period) -> list[CardFeedback]:
    t = schema.feedback
    helpful = func.coalesce(func.sum(case((t.c.helpful, 1), else_=0)), 0)
    rows = await conn.execute(
        select(t.c.card_id, helpful, func.count() - helpful)
        .where(period.where(t.c.created_at), t.c.card_id.is_not(None))
        .group_by(t.c.card_id)
        .order_by((func.count() - helpful).desc(), t.c.card_id)
    )
    return [CardFeedback(r[0], int(r[1]), int(r[2])) for r in rows]


def _levels(raw: Any) -> Mapping[str, Any]:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return {}
    return raw if isinstance(raw, Mapping) else {}


async def readiness_per_team(
    conn: AsyncConnection, period: Period, min_people: int = MIN_TEAM_SIZE
) -> list[TeamReadiness]:
    """Per team: average level per dimension over each person's latest result.

    A team is shown only with at least ``min_people`` people, and a dimension only where at
    least ``min_people`` of them answered it (anonymity, not just a team size check).
    """
    t = schema.readiness_results
    rows = await conn.execute(
        select(t.c.team_id, t.c.user_key, t.c.levels)
        .where(period.where(t.c.created_at), t.c.team_id.is_not(None))
        .order_by(t.c.created_at)
    )
    latest: dict[str, dict[str, Mapping[str, Any]]] = defaultdict(dict)
    for team_id, user_key, levels in rows:
        latest[team_id][user_key] = _levels(levels)  # later rows overwrite earlier ones
    result: list[TeamReadiness] = []
    for team_id, people in sorted(latest.items()):
        if len(people) < min_people:
            continue
        sums: dict[str, list[float]] = defaultdict(list)
        for levels in people.values():
            for dimension, level in levels.items():
                if isinstance(level, int | float) and not isinstance(level, bool):
                    sums[dimension].append(float(level))
        # Per dimension too: "weet ik niet" is not scored, so four unknowns and one answer
        # would otherwise publish that one teacher's level as the "team average".
        averages = {d: round(sum(v) / len(v), 2) for d, v in sums.items()
                    if len(v) >= min_people}
        result.append(TeamReadiness(team_id, len(people), averages))
    return result


async def kept_questions(
    conn: AsyncConnection, period: Period, limit: int = MAX_QUESTIONS
) -> list[KeptQuestion]:
    """Questions the bot was unsure about or that were 'niet behulpzaam', newest first."""
    t = schema.kept_questions
    rows = await conn.execute(
        select(t.c.created_at, t.c.text, t.c.card_id, t.c.reason)
        .where(period.where(t.c.created_at))
        .order_by(t.c.created_at.desc())
        .limit(limit)
    )
    return [KeptQuestion(r[0], r[1], r[2], r[3]) for r in rows]


async def collect(engine: AsyncEngine, period: Period) -> Insights:
    """Everything the insights card and page show, in one read transaction."""
    async with engine.connect() as conn:
        total, unsure = await answer_totals(conn, period)
        return Insights(
            period=period,
            total_answers=total,
            unsure_answers=unsure,
            cards=await answers_per_card(conn, period),
            feedback=await feedback_per_card(conn, period),
            readiness=await readiness_per_team(conn, period),
            questions=await kept_questions(conn, period),
            comments=await recent_comments(
                conn, period.where(schema.feedback_comments.c.created_at)),
        )


async def purge_expired(
    engine: AsyncEngine, retention_days: int, now: datetime | None = None
) -> int:
    """Delete kept question texts and 👎 comments older than the retention; returns how
    many went."""
    cutoff = _aware((now or datetime.now(UTC)) - timedelta(days=max(0, retention_days)))
    t = schema.kept_questions
    async with engine.begin() as conn:
        result = await conn.execute(delete(t).where(t.c.created_at < cutoff))
        comments = await purge_comments(conn, cutoff)
    return int(result.rowcount or 0) + comments

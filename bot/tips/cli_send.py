"""``blendbot tips send [--dry-run]``: this week's tip now, with progress and a summary."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from bot.settings import Settings
from bot.tips.delivery import TipDelivery
from bot.tips.delivery_types import DeliverySummary, Event

Echo = Callable[[str], None]

#: How long a rerun waits for the lock of a sender that was just killed.
LOCK_WAIT_SECONDS = 5.0

_LABEL = {"sent": "sent", "failed": "failed", "ended": "ended",
          "skipped": "skipped", "planned": "would get"}


def progress_printer(echo: Echo, every: int = 100) -> Callable[[Event], None]:
    """One line per failure or ended subscription; a count line every ``every`` sends."""
    done = [0]

    def show(event: Event) -> None:
        done[0] += 1
        if event.outcome == "planned":
            echo(f"  {event.conversation_key}  {event.tip_id}")
        elif event.outcome in ("failed", "ended", "skipped"):
            echo(f"  {_LABEL[event.outcome]}: {event.conversation_key} ({event.reason})")
        elif done[0] % every == 0:
            echo(f"  ... {done[0]} processed")

    return show


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def summary_lines(summary: DeliverySummary) -> list[str]:
    if summary.locked_by:
        return [f"Week {summary.period}: {summary.locked_by} is already sending "
                "(that process is still running). Nothing done; try again later."]
    if summary.dry_run:
        planned = len(summary.planned)
        lines = [f"Week {summary.period}: {planned} conversation{_s(planned)} would get a tip "
                 "(dry run, nothing sent)."]
    else:
        lines = [f"Week {summary.period}: {summary.sent} sent, "
                 f"{summary.failed_total} failed, {summary.skipped_total} skipped, "
                 f"{summary.ended} subscription{_s(summary.ended)} ended "
                 f"({summary.seconds:.1f} s)."]
    for title, reasons in (("failed", summary.failed), ("skipped", summary.skipped)):
        for reason, count in reasons.most_common():
            lines.append(f"  {title}: {count}x {reason}")
    return lines


async def send_tips(settings: Settings, *, dry_run: bool, echo: Echo) -> DeliverySummary:
    """One delivery run, routed by channel like the app's (Teams and, if configured, Slack)."""
    from bot.services import load_knowledge_or_fail, migrate_or_fail, open_database
    from bot.tips.proactive import open_proactive_outbox

    knowledge = await asyncio.to_thread(load_knowledge_or_fail)
    database = open_database(settings)
    try:
        await migrate_or_fail(database)
        async with open_proactive_outbox(settings) as outbox:
            delivery = TipDelivery(database.engine, outbox, knowledge.cards,
                                   settings.public_url, timezone=settings.tip_timezone,
                                   settings=settings.tip_delivery,
                                   progress=progress_printer(echo))
            # A sender killed a moment ago: give the server a few seconds to end its session.
            return await delivery.run(dry_run=dry_run, lock_wait=LOCK_WAIT_SECONDS)
    finally:
        await database.dispose()

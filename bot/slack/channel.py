"""The Slack channel at run time: read events and clicks, run their turns in the background.

Slack wants a 200 within three seconds, so the route only verifies, records the event id and
answers; the turn runs in a task this object tracks. ``close()`` waits for those tasks, so a
shutdown does not cut a reply short. Turns of one conversation run one after the other
(two quick clicks must not race on the same conversation state), and each one runs on the
router (:class:`~bot.slack.turns.SlackTurns`) with Slack's own replies.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.logging_setup import exception_summary, kv
from bot.slack import translate
from bot.slack.conversation import SlackTurn
from bot.slack.dedupe import SlackEventLog
from bot.slack.outgoing import SlackPoster
from bot.slack.replies import SlackOutbox
from bot.slack.turns import SlackTurns
from bot.slack.verify import SlackVerifier
from bot.storage.conversation_locks import KeyedLocks

if TYPE_CHECKING:
    from bot.router import Router
    from bot.services import BotServices

log = logging.getLogger(__name__)
SHUTDOWN_GRACE_SECONDS = 20.0


class SlackChannel:
    def __init__(self, services: BotServices, router: Router, client: AsyncWebClient,
                 events: SlackEventLog, verifier: SlackVerifier, *,
                 bot_user_id: str | None = None) -> None:
        self.client = client
        self.events = events
        self.verifier = verifier
        poster = SlackPoster(client)
        self.outbox = SlackOutbox(poster)
        """Proactive posts to Slack addresses (weekly tips, "stuur tip")."""
        self.turns = SlackTurns(services, router, poster, self.outbox)
        self.max_chars = services.settings.max_text_chars
        self._bot_user_id = bot_user_id
        self.tasks: set[asyncio.Task[None]] = set()
        self._locks = KeyedLocks()

    async def bot_user_id(self, envelope: dict[str, Any] | None = None) -> str | None:
        """Our bot user (``auth.test``, once); the event's bot authorization as a fallback."""
        if self._bot_user_id:
            return self._bot_user_id
        try:
            result = await self.client.auth_test()
            self._bot_user_id = str(result.get("user_id") or "") or None
        except (SlackApiError, OSError, TimeoutError) as exc:
            log.warning("event=slack_auth_test_failed %s", kv(error=exception_summary(exc)))
        if self._bot_user_id is None and envelope:
            bots = [a.get("user_id") for a in envelope.get("authorizations") or []
                    if isinstance(a, dict) and a.get("is_bot")]
            return bots[0] if bots and isinstance(bots[0], str) else None
        return self._bot_user_id

    def spawn(self, work: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def handle_event(self, envelope: dict[str, Any]) -> None:
        bot_user = await self.bot_user_id(envelope)
        if bot_user is None:
            log.error("event=slack_event_dropped reason=unknown_bot_user")
            return
        incoming = translate.event_turn(envelope, bot_user, self.max_chars)
        if incoming is None:
            event = envelope.get("event") if isinstance(envelope.get("event"), dict) else {}
            log.info("event=slack_event_ignored %s", kv(
                type=event.get("type"), subtype=event.get("subtype")))
            return
        await self._turn(incoming)

    async def handle_action(self, payload: dict[str, Any]) -> None:
        bot_user = await self.bot_user_id()
        incoming = translate.action_turn(payload, bot_user or "")
        if incoming is None:
            log.info("event=slack_action_ignored %s", kv(type=payload.get("type")))
            return
        await self._turn(incoming)

    async def _turn(self, incoming: SlackTurn) -> None:
        try:
            async with self._locks.hold(incoming.turn.thread):
                await self.turns.run(incoming)
        except Exception as exc:  # run() handles the turn's own failures; this is a bug
            log.error("event=slack_turn_failed %s", kv(error=exception_summary(exc)))

    async def close(self, grace: float = SHUTDOWN_GRACE_SECONDS) -> None:
        """Let running turns finish (up to ``grace`` seconds), then cancel the rest."""
        pending = set(self.tasks)
        if not pending:
            return
        _done, late = await asyncio.wait(pending, timeout=grace)
        for task in late:
            task.cancel()
        if late:
            log.warning("event=slack_turns_cancelled count=%d", len(late))

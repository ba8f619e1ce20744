"""Helpers for the replica tests: a counting BlendBot and a TCP proxy that can "restart".

``TcpProxy`` sits between the app and PostgreSQL on 127.0.0.1. ``stop()`` closes the
listening socket and cuts every open connection, exactly what the app sees when the database
server restarts; ``start()`` listens on the same port again.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from typing import Any

from bot.channels.botframework_bot import BlendBot
from bot.core.session import Session
from bot.render.views import Notice
from bot.router import Router
from tests.harness import load_fixture

COUNTER = "ReplicaTestCounter"
QUIET = "stil"
"""A message starting with this word counts without replying (conflicts are rerun)."""


class CounterRouter(Router):
    """The real router, but a text increments a counter in conversation state.

    It replies ``teller <n>`` (unless the text starts with :data:`QUIET`), after waiting
    ``delay`` seconds so that concurrent turns really overlap.
    """

    delay = 0.15

    async def handle_text(self, session: Session, text: str) -> None:
        n = session.state.get(COUNTER, 0)
        await asyncio.sleep(self.delay)
        session.state.set(COUNTER, n + 1)
        if not text.startswith(QUIET):
            await session.replies.send(Notice(f"teller {n + 1}"))


def CounterBot(services: Any) -> BlendBot:  # noqa: N802 - used as a bot factory, like a class
    """The real BlendBot on Bot Framework around :class:`CounterRouter`."""
    return BlendBot(services, CounterRouter(services))


def conversation_message(conversation_id: str, text: str) -> dict[str, Any]:
    """The personal-chat fixture with its own conversation, activity id and text."""
    activity = load_fixture("b")
    activity["conversation"] = {**activity["conversation"], "id": conversation_id}
    activity["id"] = f"act-{uuid.uuid4().hex[:12]}"
    activity["text"] = text
    return activity


class TcpProxy:
    """A tiny asyncio TCP forwarder on 127.0.0.1 that can be stopped and started again."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> TcpProxy:
        self._server = await asyncio.start_server(
            self._handle, "127.0.0.1", self.port, reuse_address=True)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        """Refuse new connections and cut the open ones (a database restart)."""
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self._writers.update((writer, up_writer))
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            self._writers.discard(writer)
            with contextlib.suppress(Exception):
                writer.transport.abort()

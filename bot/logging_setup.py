"""Structured logging: one ``key=value`` line per record.

Our own code logs messages that already read ``event=name key=value ...``; this formatter
puts ``ts=``, ``level=`` and ``logger=`` in front. Teachers' message texts are never logged
unless ``settings.log_texts`` is on: use :func:`text_for_log` for anything a user typed.
The database drivers' loggers are capped at WARNING (they would log SQL parameters).
Tracebacks are condensed to frames (file:line) without the exception message, which can
quote user input.
"""

from __future__ import annotations

import logging
import sys
import traceback
from datetime import UTC, datetime
from typing import Any

from aiohttp.abc import AbstractAccessLogger
from aiohttp.web import BaseRequest, StreamResponse

from bot.settings import Settings

_NOISY = ("msrest", "urllib3", "alembic", "asyncio", "msal")
#: Database drivers log SQL with its parameters (message texts, user keys, names) at
#: INFO/DEBUG: never below WARNING, whatever BLENDBOT_LOG_LEVEL says.
DRIVER_LOGGERS = ("sqlalchemy", "aiosqlite", "asyncpg", "psycopg")
_state = {"log_texts": False}


def kv(**fields: Any) -> str:
    """``key=value`` pairs; values with spaces, quotes or '=' are quoted."""
    return " ".join(f"{k}={_value(v)}" for k, v in fields.items())


def _value(value: Any) -> str:
    text = "-" if value is None else str(value)
    if not text or any(c in text for c in ' "=\n\t'):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    return text


def text_for_log(text: str | None) -> str:
    """The text itself when ``log_texts`` is on, else only its length."""
    if text is None:
        return "-"
    return text if _state["log_texts"] else f"<{len(text)} chars>"


def exception_summary(error: BaseException, limit: int = 6) -> str:
    """``TypeName at file.py:12 in func < caller.py:30 in f`` without the message text."""
    frames = traceback.extract_tb(error.__traceback__)[-limit:]
    where = " < ".join(
        f"{_short(f.filename)}:{f.lineno} in {f.name}" for f in reversed(frames)
    )
    return f"{type(error).__name__} at {where}" if where else type(error).__name__


def _short(path: str) -> str:
    for marker in ("site-packages/", "/bot/", "/dialogs/", "/knowledge/", "/classifier/"):
        if marker in path:
            return path.split(marker, 1)[1] if marker == "site-packages/" else (
                marker.strip("/") + "/" + path.split(marker, 1)[1])
    return path.rsplit("/", 1)[-1]


class KeyValueFormatter(logging.Formatter):
    def __init__(self, *, full_tracebacks: bool) -> None:
        super().__init__()
        self.full_tracebacks = full_tracebacks

    def format(self, record: logging.LogRecord) -> str:
        ts = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
        message = record.getMessage()
        if "=" not in message.split(" ", 1)[0]:
            message = f"msg={_value(message)}"
        line = f"ts={ts} level={record.levelname} logger={record.name} {message}"
        if record.exc_info and record.exc_info[1] is not None:
            if self.full_tracebacks:
                line += " traceback=" + _value(self.formatException(record.exc_info))
            else:
                line += " exception=" + _value(exception_summary(record.exc_info[1]))
        return line


def configure_logging(settings: Settings, *, stream: Any = None) -> None:
    """Install the key=value formatter on the root logger (idempotent)."""
    _state["log_texts"] = bool(settings.log_texts)
    level = logging.getLevelName(settings.log_level.upper())
    if not isinstance(level, int):
        level = logging.INFO
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(KeyValueFormatter(full_tracebacks=settings.log_texts))
    handler.set_name("blendbot")
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "blendbot"]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in _NOISY:
        logging.getLogger(name).setLevel(max(level, logging.WARNING))
    for name in DRIVER_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


class PathOnlyAccessLogger(AbstractAccessLogger):
    """Access lines without the query string.

    ``/insights?token=...`` and the chart URLs' ``?k=...`` carry secrets; aiohttp's ``%r``
    would log them, so only the path is written.
    """

    def log(self, request: BaseRequest, response: StreamResponse, time: float) -> None:
        self.logger.info(
            "event=http %s",
            kv(remote=request.remote, method=request.method, path=request.path,
               status=response.status, bytes=response.body_length, seconds=f"{time:.4f}"),
        )

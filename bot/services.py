"""Everything a turn needs, built once: settings, knowledge, classifier, database, state.

``open_services(settings)`` is used by the aiohttp app (in its ``cleanup_ctx``), by
``blendbot chat`` and by tests; tests pass ready-made parts as overrides
(``open_services(settings, knowledge=kb, classifier=clf)``) to skip the slow loads.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import SQLAlchemyError

from bot.settings import Settings
from bot.storage.bf_storage import SqlStorage
from bot.storage.conversation_store import ConversationStore, DocumentStorage
from bot.storage.database import Database, DatabaseURLError
from bot.storage.repositories import AnswerEventRepository, FeedbackRepository

if TYPE_CHECKING:
    from classifier import Classifier
    from knowledge.loader import KnowledgeBase

log = logging.getLogger(__name__)


class StartupError(RuntimeError):
    """The bot cannot start; ``str()`` is the human-readable reason (one problem per line)."""


@dataclass
class BotServices:
    settings: Settings
    knowledge: KnowledgeBase
    classifier: Classifier
    database: Database
    storage: DocumentStorage
    conversations: ConversationStore
    """Each conversation's state (memory, pending question, readiness check), by turn."""
    feedback: FeedbackRepository
    events: AnswerEventRepository
    extras: dict[str, Any] = field(default_factory=dict)
    """Room for later features (e.g. tip delivery) without changing this class."""
    chart_secret: bytes = b""
    """HMAC key of readiness chart URLs: random, stored once in the database (all replicas
    share it), so a URL's key cannot be computed from ids that colleagues can see."""

    @property
    def ready(self) -> bool:
        return self.knowledge is not None and self.classifier is not None


def load_knowledge_or_fail() -> KnowledgeBase:
    """Load the knowledge base; a broken one becomes a :class:`StartupError` with its lines."""
    from knowledge.loader import KnowledgeError, load_knowledge

    try:
        return load_knowledge()
    except KnowledgeError as exc:
        for line in str(exc).splitlines():
            log.error("event=knowledge_problem problem=%r", line)
        raise StartupError(f"the knowledge base is broken:\n{exc}") from exc


def load_classifier(knowledge: KnowledgeBase, settings: Settings) -> Classifier:
    """Load the classifier from its artifact in ``settings.cache_dir`` (``blendbot train``
    writes it; when it is missing or stale a child process fits it, so scikit-learn never
    enters this process). Broken training data or knowledge becomes a one-line
    :class:`StartupError` (the reason is printed by the command, so only an INFO log here)."""
    from classifier import load_classifier as _load
    from classifier.dataset import DatasetError
    from classifier.training import TrainingError
    from knowledge.loader import KnowledgeError

    try:
        return _load(knowledge, settings.cache_dir, settings.train_path)
    except DatasetError as exc:
        log.info("event=classifier_unavailable reason=training_data")
        raise StartupError(f"the training data is broken: {_first_line(exc)}") from exc
    except KnowledgeError as exc:
        log.info("event=classifier_unavailable reason=knowledge")
        raise StartupError(f"the knowledge base is broken: {_first_line(exc)}") from exc
    except TrainingError as exc:
        log.info("event=classifier_unavailable reason=training_failed")
        raise StartupError(f"the model cannot be loaded: {_first_line(exc)}") from exc
    except (ValueError, LookupError, TypeError) as exc:  # cards the model cannot learn from
        log.info("event=classifier_unavailable reason=%s", type(exc).__name__)
        raise StartupError(
            f"the model cannot be loaded: {type(exc).__name__}: {_first_line(exc)}") from exc


def _first_line(exc: BaseException) -> str:
    lines = str(exc).splitlines()
    more = f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""
    return f"{lines[0] if lines else type(exc).__name__}{more}"


def open_database(settings: Settings) -> Database:
    try:
        return Database(settings.database_url)
    except DatabaseURLError as exc:
        raise StartupError(f"the database URL is invalid: {exc}") from exc


async def migrate_or_fail(database: Database) -> None:
    try:
        await database.migrate_if_needed()
    except (OSError, SQLAlchemyError) as exc:
        first_line = (str(exc).splitlines() or [""])[0][:200]
        log.error("event=database_unavailable database=%s error=%s", database.describe(),
                  type(exc).__name__)
        raise StartupError(
            f"the database ({database.describe()}) cannot be reached or migrated: "
            f"{type(exc).__name__}: {first_line}"
        ) from exc


async def load_chart_secret(database: Database) -> bytes:
    from bot.storage.secrets import CHART_KEY_SECRET, app_secret

    try:
        return await app_secret(database, CHART_KEY_SECRET)
    except (OSError, SQLAlchemyError) as exc:
        log.error("event=secret_unavailable database=%s error=%s", database.describe(),
                  type(exc).__name__)
        raise StartupError(f"the database ({database.describe()}) cannot be reached: "
                           f"{type(exc).__name__}") from exc


_FIELD_NAMES = {f.name for f in fields(BotServices)}


@asynccontextmanager
async def open_services(settings: Settings, **overrides: Any) -> AsyncIterator[BotServices]:
    """Load knowledge and classifier, open and migrate the database; dispose on exit.

    Any :class:`BotServices` field can be passed as an override. A database passed in is
    migrated but not disposed (its owner does that).
    """
    unknown = set(overrides) - _FIELD_NAMES
    if unknown:
        raise TypeError(f"unknown service override(s): {', '.join(sorted(unknown))}")
    async with AsyncExitStack() as stack:
        database = overrides.get("database")
        if database is None:
            database = open_database(settings)  # a bad URL fails here, before slow loads
            stack.push_async_callback(database.dispose)
        knowledge = overrides.get("knowledge")
        if knowledge is None:
            knowledge = await asyncio.to_thread(load_knowledge_or_fail)
        classifier = overrides.get("classifier")
        if classifier is None:
            classifier = await asyncio.to_thread(load_classifier, knowledge, settings)
        await migrate_or_fail(database)
        # legacy_as_dict: a check stored by the old waterfall is taken over without
        # loading botbuilder.dialogs (dialogs/legacy.py)
        storage = overrides.get("storage") or SqlStorage(database, legacy_as_dict=True)
        services = BotServices(
            settings=settings,
            knowledge=knowledge,
            classifier=classifier,
            database=database,
            storage=storage,
            conversations=overrides.get("conversations") or ConversationStore(storage),
            feedback=overrides.get("feedback") or FeedbackRepository(database),
            events=overrides.get("events") or AnswerEventRepository(database),
            extras=dict(overrides.get("extras") or {}),
            chart_secret=overrides.get("chart_secret") or await load_chart_secret(database),
        )
        log.info(
            "event=services_ready cards=%d database=%s",
            len(knowledge.cards),
            database.dialect,
        )
        yield services

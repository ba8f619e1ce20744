"""Build a tip delivery from the services: the scheduler's runs and "tip nu" both start here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.core.outbox import Outbox
from bot.metrics import metrics_of
from bot.tips.delivery import TipDelivery

if TYPE_CHECKING:
    from bot.services import BotServices


def delivery_for(services: BotServices, outbox: Outbox, **kwargs: object) -> TipDelivery:
    settings = services.settings
    kwargs.setdefault("settings", settings.tip_delivery)
    kwargs.setdefault("metrics", metrics_of(services))
    return TipDelivery(services.database.engine, outbox, services.knowledge.cards,
                       settings.public_url, timezone=settings.tip_timezone,
                       **kwargs)  # type: ignore[arg-type]

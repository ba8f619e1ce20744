"""Slack messages on their way out: a view as the activity the Slack adapter posts, and the
(text, blocks) it posts for an activity.

``to_activity(view)`` is what ``bot.channels.botframework_reply`` sends on the ``slack``
channel: Block Kit from ``bot.render.slack`` riding in ``channel_data``. ``blocks_for`` is
what ``bot.slack.adapter`` posts: those blocks when present, otherwise plain text with its
suggested actions as buttons.
"""

from __future__ import annotations

import logging

from botbuilder.schema import ActionTypes, Activity, ActivityTypes

from bot.render import text
from bot.render.slack import (
    MAX_BUTTONS,
    Block,
    button,
    fallback_text,
    limit,
    link_button,
    render,
    sections,
)
from bot.render.views import View

log = logging.getLogger(__name__)


def to_activity(view: View) -> Activity:
    """The outgoing message for ``view`` on Slack: blocks in ``channel_data``."""
    return Activity(type=ActivityTypes.message, text=text.render(view).text,
                    channel_data={"blocks": render(view)})


# --- messages that carry no blocks -------------------------------------------------------

def _from_text(activity: Activity) -> list[Block]:
    blocks = sections(activity.text) if activity.text else []
    elements: list[Block] = []
    suggested = activity.suggested_actions.actions if activity.suggested_actions else []
    for index, action in enumerate(suggested or []):
        if isinstance(action.value, dict):
            elements.append(button(action.title or "", action.value, index))
        elif action.type == ActionTypes.open_url and isinstance(action.value, str):
            elements.append(link_button(action.title or "", action.value, index))
    if elements:
        blocks.append({"type": "actions", "elements": elements[:MAX_BUTTONS]})
    return limit(blocks)


def blocks_for(activity: Activity) -> tuple[str, list[Block]]:
    """(fallback text, blocks) to post for an outgoing message activity."""
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    if isinstance(data.get("blocks"), list):
        return fallback_text(activity.text or ""), data["blocks"]
    if activity.attachments:  # every view renders to blocks; a card here is a bug upstream
        log.warning("event=slack_attachment_dropped count=%d", len(activity.attachments))
    return fallback_text(activity.text or activity.summary or ""), _from_text(activity)


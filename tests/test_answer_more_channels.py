"""Answer first in Slack and in the terminal: short first view, "Lees meer" on request.

Slack runs end to end (signed events and clicks, the local Web API stand-in); the terminal
runs the real ``TerminalChat`` over the real services, printing to a buffer.
"""

from __future__ import annotations

import io
from typing import Any

import pytest

from bot.answers import Answerer
from bot.render import actions, slack, text, wording
from bot.router import Router
from bot.terminal import TerminalChat, TerminalReplies
from classifier.types import Classification
from tests.helpers_slack import (  # noqa: F401 - fixtures
    SlackEnv,
    block_actions,
    buttons,
    direct_message,
    slack_api_fixture,
    slack_fixture,
    texts,
)
from tests.helpers_words import slack_visible, words

MAX_FIRST_VIEW = 120
LESSONS = {
    "blended": "Studenten kijken thuis een kennisclip in de ELO en maken er een online quiz "
               "bij. In de les bouwen we daarop voort: ze oefenen in groepjes met de casus.",
    "niet_blended": "Ik gebruik het digibord en Kahoot in de les om te oefenen. Is dat blended?",
}


async def test_slack_answer_is_short_and_lees_meer_posts_the_card(slack: SlackEnv) -> None:
    await slack.event(direct_message(LESSONS["niet_blended"]))
    blocks = slack.api.posts()[-1]["blocks"]
    assert words(slack_visible(blocks)) <= MAX_FIRST_VIEW, slack_visible(blocks)
    assert wording.SOURCE_PREFIX not in texts(blocks)
    more = dict(buttons(blocks))[wording.MORE_BUTTON]
    assert more["action"] == actions.MORE
    await slack.click(block_actions(more))
    details = texts(slack.api.posts()[-1]["blocks"])
    assert wording.EXAMPLES_HEADING in details and wording.SOURCE_PREFIX in details


def _chat(services: Any) -> tuple[TerminalChat, io.StringIO]:
    out = io.StringIO()
    adapter = TerminalReplies(out)
    return TerminalChat(Router(services), adapter, "docent-test"), out


async def test_terminal_meer_and_the_numbered_choice_show_the_details(services: Any) -> None:
    chat, out = _chat(services)
    await chat.line(LESSONS["niet_blended"])
    first = out.getvalue()
    assert "Typ meer voor uitleg" in first and wording.SOURCE_PREFIX not in first
    await chat.line("meer")
    assert wording.SOURCE_PREFIX in out.getvalue()[len(first):]
    await chat.line(LESSONS["blended"])
    shown = out.getvalue()
    number = next(i for i, (label, _) in enumerate(chat.replies.choices, 1)
                  if label == wording.MORE_BUTTON)
    await chat.line(str(number))
    assert wording.SOURCE_PREFIX in out.getvalue()[len(shown):]


@pytest.mark.parametrize("kind", ["blended", "niet_blended", "onduidelijk"])
async def test_first_view_word_count_in_every_renderer(services: Any, kind: str) -> None:
    """The same view in Slack blocks and terminal text stays within the budget."""
    answerer = Answerer(services)
    if kind == "onduidelijk":
        c = answerer.classify("bij bouwkunde doen we ook wat online")
        c = Classification(**{**{f: getattr(c, f) for f in c.__dataclass_fields__},
                              "verdict": "onduidelijk", "intent": "scenario",
                              "card": "def-blended-leren"})
    else:
        c = answerer.classify(LESSONS[kind])
        assert c.verdict == kind
    card = services.knowledge.card(c.card or "def-blended-leren")
    view = answerer.answer_view(card, c, "ref1", note=wording.STILL_UNKNOWN_NOTE
                                if kind == "onduidelijk" else None)
    rendered = text.render(view)
    terminal = rendered.text + "\n" + "\n".join(label for label, _ in rendered.choices)
    assert words(terminal) <= MAX_FIRST_VIEW, terminal
    assert words(slack_visible(slack.render(view))) <= MAX_FIRST_VIEW

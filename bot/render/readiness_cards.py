"""The readiness check on screen: question cards, the result card, and their text versions.

Same conventions as ``bot.render.adaptive`` / ``bot.render.text``: Adaptive Card 1.5 dicts
with ``Action.Execute`` buttons for channels with cards, Markdown text with numbered choices
(``suggested_actions``) for text channels. Every button sends the same submit value on every
channel; the order of the question buttons (levels 1-4, weet ik niet, terug, stop) is the
order ``dialogs.answers`` reads typed numbers in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.render import actions, adaptive, slack
from bot.render import text as text_render
from bot.render.actions import Choice
from dialogs import scoring
from dialogs.answers import ANSWER, BACK, STOP, UNKNOWN_LEVEL
from knowledge.readiness_model import GROUPS, Readiness

# --- wording ---------------------------------------------------------------------------------

TITLE = "Readiness check"
PROGRESS = "Vraag {number} van {total}"
ANSWERED = "{heading} — jouw antwoord: {choice}"
INTRO = (
    "Fijn dat je de readiness check doet! Twaalf korte vragen: vier over je eigen onderwijs, "
    "acht over de voorwaarden op school. Kies steeds wat het best past, 'weet ik niet' mag ook. "
    "Typ **terug** voor de vorige vraag, **help** voor uitleg of **stop** om te stoppen."
)
NOTES: dict[str, str] = {
    "intro": INTRO,
    "invalid": "Dat antwoord herkende ik niet. Kies een knop, of typ een nummer (1 tot en met 4), "
               "een stap zoals **toepassen**, of **weet niet**.",
    "stale": "Die knop hoort bij een andere vraag. We zijn nu hier:",
    "first": "Dit is de eerste vraag, verder terug kan niet.",
    "back": "Terug naar de vorige vraag.",
    "resume": "We gaan verder waar je was. Liever opnieuw beginnen? Typ **opnieuw**.",
    "continue": "Zullen we verder gaan met de check? Kies je antwoord, of typ **nee** om de "
                "check even te laten rusten.",
    "restart": "We beginnen opnieuw.",
    "go_on": "Fijn, we gaan verder.",
    "help": (
        "Dit is de readiness check: twaalf korte vragen over je eigen onderwijs en de "
        "voorwaarden op school. Er is geen goed of fout. Kies bij elke vraag de stap die het "
        "best past: tik een knop of typ het nummer (1 tot en met 4), een stap zoals "
        "**toepassen**, of **weet niet**. Typ **terug** voor de vorige vraag, **opnieuw** om "
        "opnieuw te beginnen en **stop** om te stoppen. Een vraag over blended leren mag "
        "tussendoor ook. Dit was de vraag:"
    ),
    "free_text": (
        "Dank je voor je toelichting! Ik kan hem niet aan één stap koppelen. Welke stap past "
        "het best? Kies een knop, of typ het nummer."
    ),
    "yes_no": (
        "Op deze vraag past geen ja of nee. Kies de stap die het best past, of typ "
        "**weet niet**."
    ),
}
PAUSED = (
    "Prima, de check wacht op je. Je antwoorden tot nu toe blijven bewaard. Typ **check** "
    "(of **ja**) om verder te gaan, of **stop** om te stoppen."
)
EARLIER_CHOICE = "Je koos eerder: {choice}."
UNKNOWN_BUTTON = "Weet ik niet"
BACK_BUTTON = "← Terug"
STOP_BUTTON = "Stop"
STOPPED = (
    "Oké, de check is gestopt. Je antwoorden van deze keer zijn niet bewaard. "
    "Typ **check** als je later opnieuw wilt beginnen."
)
OTHER_USER = (
    "Hier loopt de readiness check van een collega. Wil je hem zelf doen? "
    "Stuur me een persoonlijk bericht met **check**."
)
RESULT_TITLE = "📊 Jouw readiness check"
RESULT_DATE = "Ingevuld op {date}"
GROUP_LINE = "**{title}**: rond {level} ({average})"
GROUP_UNKNOWN = "**{title}**: nog onbekend"
STEPS_HEADING = "Wat kun je nu doen?"
READ_CARD = "Lees: {title}"
NOT_A_GRADE = (
    "Dit is geen cijfer. Het laat zien waar je staat, zodat je weet waar je kunt beginnen. "
    "Typ **mijn resultaat** om het later terug te zien."
)
AGAIN_BUTTON = "Check opnieuw doen"
CHART_ALT = "Radargrafiek van je twaalf dimensies, van 1 (verkennen) tot 4 (verankerd)"
NO_RESULT = "Je hebt de readiness check nog niet gedaan. Typ **check** om te beginnen."
LEGEND = ("Nu", "Vorige check")
_MARKS = ("●", "○")


# --- the views -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReadinessQuestion:
    """Question ``index`` of the check, with an optional note above it (``NOTES`` key) and,
    when going back, the answer given earlier."""

    readiness: Readiness
    index: int
    note: str | None = None
    earlier: int | None = None
    has_earlier: bool = False


@dataclass(frozen=True, slots=True)
class ReadinessAnswered:
    """What an answered question's message becomes: no buttons left to tap."""

    readiness: Readiness
    index: int
    level: int | None


def answer_value(dimension: str, level: int) -> actions.Value:
    return {"action": ANSWER, "dimension": dimension, "level": level}


def level_name(readiness: Readiness, level: int | None) -> str:
    return readiness.level(level).label if level else readiness.unknown.label


def question_choices(readiness: Readiness, index: int, long: bool) -> list[Choice]:
    """The buttons of question ``index``; ``long`` adds the practice text (text channels)."""
    dim = readiness.dimensions[index]
    result: list[Choice] = []
    for step in readiness.scale:
        label = f"{step.value} {step.label}"
        if long:
            label = f"{step.label}: {dim.option(step.value)}"
        result.append((label, answer_value(dim.id, step.value)))
    result.append((UNKNOWN_BUTTON, answer_value(dim.id, UNKNOWN_LEVEL)))
    result.append((BACK_BUTTON, {"action": BACK}))
    result.append((STOP_BUTTON, {"action": STOP}))
    return result


def _note_text(readiness: Readiness, note: str | None, earlier: int | None,
               has_earlier: bool) -> str:
    text = NOTES.get(note or "", "")
    if note == "back" and has_earlier:
        text += " " + EARLIER_CHOICE.format(choice=level_name(readiness, earlier))
    return text.strip()


def _heading(readiness: Readiness, index: int) -> str:
    progress = PROGRESS.format(number=index + 1, total=len(readiness.dimensions))
    return f"{progress} · {readiness.dimensions[index].label}"


@adaptive.render.register
def question_card(view: ReadinessQuestion) -> dict[str, Any]:
    """Adaptive Card for a question: the four practices, then one tap to answer."""
    readiness, index = view.readiness, view.index
    dim = readiness.dimensions[index]
    body = [adaptive.text_block(_heading(readiness, index), isSubtle=True, size="Small")]
    note_text = _note_text(readiness, view.note, view.earlier, view.has_earlier)
    if note_text:
        color = ("Attention" if view.note in {"invalid", "stale", "free_text", "yes_no"}
                 else "Default")
        body.append(adaptive.text_block(note_text, color=color))
    body.append(adaptive.text_block(dim.question, size="Medium", weight="Bolder"))
    for step in readiness.scale:
        chosen = view.has_earlier and view.earlier == step.value
        body.append(adaptive.container(
            [adaptive.text_block(f"**{step.value}. {step.label}**" + (" ✓" if chosen else "")),
             adaptive.text_block(dim.option(step.value), spacing="None")],
            style="accent" if chosen else "emphasis", spacing="Small"))
    buttons = question_choices(readiness, index, long=False)
    answers, navigation = buttons[:5], buttons[5:]
    body.append({"type": "ActionSet", "actions": [
        adaptive.execute(label, value) for label, value in answers]})
    return adaptive.card(body, navigation)


@text_render.render.register
def question_text(view: ReadinessQuestion) -> text_render.Rendered:
    """Text channels: the practices are in the (long) numbered choices."""
    readiness, index = view.readiness, view.index
    parts = [_note_text(readiness, view.note, view.earlier, view.has_earlier),
             f"**{_heading(readiness, index)}**", readiness.dimensions[index].question]
    return text_render.Rendered("\n\n".join(p for p in parts if p),
                         question_choices(readiness, index, long=True))


def _button_rows(rows: list[list[Choice]]) -> list[slack.Block]:
    """Action blocks with action ids unique across the whole message."""
    blocks: list[slack.Block] = []
    for row in rows:
        blocks += slack.actions(row, start=sum(
            len(e["elements"]) for e in blocks))
    return blocks


@slack.render.register
def question_blocks(view: ReadinessQuestion) -> list[slack.Block]:
    readiness, index = view.readiness, view.index
    dim = readiness.dimensions[index]
    blocks = [slack.context(_heading(readiness, index))]
    note_text = _note_text(readiness, view.note, view.earlier, view.has_earlier)
    if note_text:
        blocks += slack.sections(note_text)
    blocks += slack.sections(f"**{dim.question}**")
    for step in readiness.scale:
        chosen = " ✓" if view.has_earlier and view.earlier == step.value else ""
        blocks += slack.sections(f"**{step.value}. {step.label}**{chosen}\n"
                                 f"{dim.option(step.value)}")
    buttons = question_choices(readiness, index, long=False)
    return slack.limit(blocks + _button_rows([buttons[:5], buttons[5:]]))


def _answered_line(readiness: Readiness, index: int, level: int | None) -> str:
    return ANSWERED.format(heading=_heading(readiness, index),
                           choice=level_name(readiness, level))


@adaptive.render.register
def answered_card(view: ReadinessAnswered) -> dict[str, Any]:
    """Heading, question and choice, no buttons (so an old card cannot be tapped again)."""
    line = _answered_line(view.readiness, view.index, view.level)
    return adaptive.card([adaptive.text_block(line, isSubtle=True, size="Small"),
                          adaptive.text_block(view.readiness.dimensions[view.index].question,
                                              spacing="None")], [])


@text_render.render.register
def answered_text(view: ReadinessAnswered) -> text_render.Rendered:
    line = _answered_line(view.readiness, view.index, view.level)
    return text_render.Rendered(f"{line}\n\n{view.readiness.dimensions[view.index].question}")


@slack.render.register
def answered_blocks(view: ReadinessAnswered) -> list[slack.Block]:
    return [slack.context(_answered_line(view.readiness, view.index, view.level)),
            *slack.sections(view.readiness.dimensions[view.index].question)]


# --- result ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ResultView:
    readiness: Readiness
    answers: Mapping[str, int | None]
    created_at: datetime
    card_titles: Mapping[str, str]
    """Title per linked card id, for the 'Lees:' buttons."""
    chart_url: str | None = None
    """A data URI or an https URL of the radar chart; None leaves the picture out."""
    previous: Mapping[str, int | None] | None = None
    previous_at: datetime | None = None

    @property
    def change(self) -> str | None:
        if self.previous is None or self.previous_at is None:
            return None
        return scoring.change_summary(self.readiness, self.previous, self.answers,
                                      self.previous_at)


def _group_line(view: ResultView, group: str, level: scoring.GroupLevel) -> str:
    label = view.readiness.group(group).label
    title = label[0].upper() + label[1:]
    if level.average is None:
        return GROUP_UNKNOWN.format(title=title)
    return GROUP_LINE.format(title=title, average=scoring.format_number(level.average),
                             level=view.readiness.level(
                                 scoring.nearest_level(level.average)).label.lower())


def _facts(view: ResultView, group: str) -> list[tuple[str, str]]:
    return [(view.readiness.dimension(d).label, level_name(view.readiness, view.answers.get(d)))
            for d in GROUPS[group]]


def _step_buttons(view: ResultView, step: scoring.NextStep, shown: set[str]) -> list[Choice]:
    """One or two card buttons per step: its tip and advice cards (else its other cards),
    none shown twice on one result."""
    unseen = [c for c in step.cards if c not in shown]
    fresh = [c for c in unseen if c.startswith(("tip-", "advies-"))][:2] or unseen[:1]
    shown.update(fresh)
    return [(READ_CARD.format(title=view.card_titles.get(c, c)), actions.show_card(c))
            for c in fresh]


def _steps(view: ResultView) -> list[tuple[str, list[Choice]]]:
    result, shown = [], set()
    for number, step in enumerate(scoring.next_steps(view.readiness, view.answers), 1):
        label = view.readiness.dimension(step.dimension).label
        result.append((f"**{number}. {label}.** {step.text}", _step_buttons(view, step, shown)))
    return result


@adaptive.render.register
def result_card(view: ResultView) -> dict[str, Any]:
    levels = scoring.group_levels(view.answers)
    body: list[dict[str, Any]] = [
        adaptive.text_block(RESULT_TITLE, size="Large", weight="Bolder"),
        adaptive.text_block(RESULT_DATE.format(date=scoring.format_date(view.created_at)),
                            isSubtle=True, size="Small", spacing="None"),
        adaptive.text_block(scoring.profile(view.readiness, view.answers)),
    ]
    if view.chart_url:
        body.append({"type": "Image", "url": view.chart_url, "altText": CHART_ALT,
                     "size": "Stretch", "horizontalAlignment": "Center"})
    if view.change:
        body.append(adaptive.container([adaptive.text_block(view.change)], style="emphasis"))
    for group, level in levels.items():
        body.append(adaptive.text_block(_group_line(view, group, level), spacing="Medium"))
        body.append({"type": "FactSet", "facts": [{"title": t, "value": v}
                                                  for t, v in _facts(view, group)]})
    body.append(adaptive.text_block(STEPS_HEADING, weight="Bolder", size="Medium",
                                    spacing="Medium"))
    for text, buttons in _steps(view):
        body.append(adaptive.text_block(text))
        if buttons:
            body.append({"type": "ActionSet", "actions": [
                adaptive.execute(label, value) for label, value in buttons]})
    body.append(adaptive.text_block(NOT_A_GRADE, isSubtle=True, size="Small"))
    return adaptive.card(body, [(AGAIN_BUTTON, actions.start_check())])


def _bar(level: int | None) -> str:
    if level is None:
        return "????"
    return _MARKS[0] * level + _MARKS[1] * (4 - level)


@text_render.render.register
def result_text(view: ResultView) -> text_render.Rendered:
    """Markdown version: the chart becomes one bar of four dots per dimension."""
    parts = [f"**{RESULT_TITLE}**",
             RESULT_DATE.format(date=scoring.format_date(view.created_at)),
             scoring.profile(view.readiness, view.answers)]
    if view.change:
        parts.append(view.change)
    for group, level in scoring.group_levels(view.answers).items():
        lines = [_group_line(view, group, level)]
        for dim_id in GROUPS[group]:
            dim, value = view.readiness.dimension(dim_id), view.answers.get(dim_id)
            lines.append(f"- {_bar(value)} {dim.label}: {level_name(view.readiness, value)}")
        parts.append("\n".join(lines))
    steps = _steps(view)
    parts.append(f"**{STEPS_HEADING}**\n" + "\n".join(text for text, _ in steps))
    parts.append(NOT_A_GRADE)
    choices = [button for _, buttons in steps for button in buttons]
    choices.append((AGAIN_BUTTON, actions.start_check()))
    return text_render.Rendered("\n\n".join(parts), choices)


@slack.render.register
def result_blocks(view: ResultView) -> list[slack.Block]:
    """Block Kit: the chart only by URL (Slack shows no data URIs), steps with their
    card buttons, "check opnieuw" last."""
    blocks = [slack.header(RESULT_TITLE),
              slack.context(RESULT_DATE.format(date=scoring.format_date(view.created_at))),
              *slack.sections(scoring.profile(view.readiness, view.answers))]
    if view.chart_url and view.chart_url.startswith("http"):
        blocks.append({"type": "image", "image_url": view.chart_url, "alt_text": CHART_ALT})
    if view.change:
        blocks += slack.sections(view.change)
    for group, level in scoring.group_levels(view.answers).items():
        facts = "\n".join(f"**{t}** {v}" for t, v in _facts(view, group))
        blocks += slack.sections(f"{_group_line(view, group, level)}\n{facts}")
    blocks += slack.sections(f"**{STEPS_HEADING}**")
    steps = _steps(view)
    for step_text, _ in steps:
        blocks += slack.sections(step_text)
    buttons = [button for _, row in steps for button in row]
    blocks += _button_rows([buttons, [(AGAIN_BUTTON, actions.start_check())]])
    blocks.insert(len(blocks) - 1, slack.context(NOT_A_GRADE))
    return slack.limit(blocks)

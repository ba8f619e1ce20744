"""The outcome of a readiness check as plain functions: levels, profile, next steps, change.

No SDK here, so everything is easy to test. Answers map a dimension id to a level 1..4, or to
None for "weet ik niet" (not scored, mentioned in the profile).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from knowledge.readiness_model import DIMENSION_IDS, GROUPS, Readiness

Answers = Mapping[str, int | None]

MAX_STEPS = 3
_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december")


@dataclass(frozen=True, slots=True)
class GroupLevel:
    group: str
    average: float | None
    """Mean of the known answers, None when every answer in the group is 'weet ik niet'."""
    known: int
    total: int


@dataclass(frozen=True, slots=True)
class NextStep:
    dimension: str
    level: int | None
    text: str
    cards: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Change:
    dimension: str
    before: int | None
    after: int | None

    @property
    def delta(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def clean_answers(answers: Mapping[str, object]) -> dict[str, int | None]:
    """Only known dimensions, levels 1..4 or None; anything else counts as not answered."""
    result: dict[str, int | None] = {}
    for dim in DIMENSION_IDS:
        value = answers.get(dim)
        is_level = isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4
        result[dim] = value if is_level else None  # type: ignore[assignment]
    return result


def unknown_dimensions(answers: Answers) -> list[str]:
    return [d for d in DIMENSION_IDS if answers.get(d) is None]


def group_levels(answers: Answers) -> dict[str, GroupLevel]:
    """Average level per group over the known answers."""
    result: dict[str, GroupLevel] = {}
    for group, dims in GROUPS.items():
        known = [answers[d] for d in dims if answers.get(d) is not None]
        average = round(sum(known) / len(known), 2) if known else None  # type: ignore[arg-type]
        result[group] = GroupLevel(group, average, len(known), len(dims))
    return result


def nearest_level(average: float) -> int:
    """The scale step closest to an average (halves round up: 2.5 -> 3)."""
    return max(1, min(4, int(average + 0.5)))


def format_number(value: float) -> str:
    """Dutch decimal comma, one decimal: 2.75 -> '2,8'."""
    return f"{value:.1f}".replace(".", ",")


def format_date(when: date | datetime) -> str:
    return f"{when.day} {_MONTHS[when.month - 1]} {when.year}"


def _names(readiness: Readiness, dims: list[str]) -> str:
    labels = [readiness.dimension(d).short_label.lower() for d in dims]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " en " + labels[-1]


def _extremes(answers: Answers, dims: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """(strongest, weakest) known dimensions of a group, at most two each, in spec order."""
    known = {d: answers[d] for d in dims if answers.get(d) is not None}
    if not known:
        return [], []
    top, bottom = max(known.values()), min(known.values())  # type: ignore[type-var]
    strongest = [d for d, v in known.items() if v == top][:2]
    weakest = [d for d, v in known.items() if v == bottom][:2]
    return strongest, weakest


def _group_sentence(readiness: Readiness, answers: Answers, group: str, level: GroupLevel) -> str:
    info = readiness.group(group)
    label, title = info.label, info.label[0].upper() + info.label[1:]
    staat, is_ = ("staan", "zijn") if info.plural else ("staat", "is")
    if level.average is None:
        return (f"Over {label} koos je overal 'weet ik niet'. Ook dat zegt iets: "
                "vraag je DigiCoach of leidinggevende hoe het zit.")
    strongest, weakest = _extremes(answers, GROUPS[group])
    even = set(strongest) == set(weakest) or level.known == 1
    avg = level.average
    if avg >= 3.25:
        return f"{title} {staat} stevig" + (
            "." if even else f": vooral {_names(readiness, strongest)}.")
    if avg >= 2.5:
        if even:
            return f"{title} {is_} goed op weg: er liggen concrete plannen."
        return (f"{title} {is_} goed op weg, vooral bij {_names(readiness, strongest)}. "
                f"Bij {_names(readiness, weakest)} valt nog iets te winnen.")
    if avg >= 1.75:
        if even:
            return f"{title} {is_} in beweging: er wordt volop uitgeprobeerd."
        return (f"{title} {is_} in beweging, het verst bij {_names(readiness, strongest)}. "
                f"Bij {_names(readiness, weakest)} is nog veel te winnen.")
    lead = f"Bij {label} is nog veel te winnen"
    return lead + ("." if even else f", vooral bij {_names(readiness, weakest)}.")


def profile(readiness: Readiness, answers: Answers) -> str:
    """A few sentences on where the teacher stands: a description, never a grade."""
    levels = group_levels(answers)
    sentences = [_group_sentence(readiness, answers, g, levels[g]) for g in GROUPS]
    own, around = levels["eigen-onderwijs"].average, levels["voorwaarden"].average
    if own is not None and around is not None:
        if own - around >= 1:
            sentences.append("Je eigen onderwijs loopt voor op wat de school om je heen regelt. "
                             "Dat is een mooi vertrekpunt om anderen mee te nemen.")
        elif around - own >= 1:
            sentences.append("De school biedt meer dan je nu in je eigen lessen benut. "
                             "Daar ligt een kans.")
    unknown = unknown_dimensions(answers)
    if unknown and len(unknown) < len(DIMENSION_IDS):
        count, verb = ("één vraag", "telt") if len(unknown) == 1 else (
            f"{len(unknown)} vragen", "tellen")
        sentences.append(f"Bij {count} koos je 'weet ik niet' ({_names(readiness, unknown)}); "
                         f"die {verb} niet mee.")
    elif unknown:
        sentences = ["Je koos bij elke vraag 'weet ik niet'. Dat is ook een begin: zoek samen "
                     "met je DigiCoach of leidinggevende uit hoe het bij jullie zit."]
    return " ".join(sentences)


def next_steps(readiness: Readiness, answers: Answers, limit: int = MAX_STEPS) -> list[NextStep]:
    """One to three steps for the weakest dimensions (ties in spec order).

    Anchored dimensions (level 4) only get a step when nothing is lower; with no known
    answers at all, the first dimension answered 'weet ik niet' gets one.
    """
    known = [(answers[d], i, d) for i, d in enumerate(DIMENSION_IDS) if answers.get(d)]
    ranked = sorted(known)  # type: ignore[type-var]
    chosen = [d for level, _, d in ranked if level < 4][:limit] or [d for _, _, d in ranked[:1]]
    if not chosen:
        chosen = unknown_dimensions(answers)[:1]
    result = []
    for dim_id in chosen:
        dim = readiness.dimension(dim_id)
        result.append(NextStep(dim_id, answers.get(dim_id), dim.next_step, tuple(dim.cards)))
    return result


def changes(before: Answers, after: Answers) -> list[Change]:
    """Every dimension whose answer differs from the previous check."""
    return [Change(d, before.get(d), after.get(d))
            for d in DIMENSION_IDS if before.get(d) != after.get(d)]


def change_summary(readiness: Readiness, before: Answers, after: Answers,
                   previous_date: date | datetime) -> str:
    """One or two sentences comparing this check with the previous one."""
    diff = changes(before, after)
    when = format_date(previous_date)
    if not diff:
        return f"Sinds je vorige check ({when}) zijn al je antwoorden gelijk gebleven."
    up = [c.dimension for c in diff if (c.delta or 0) > 0]
    down = [c.dimension for c in diff if (c.delta or 0) < 0]
    answered = [c.dimension for c in diff if c.before is None and c.after is not None]
    unknown = [c.dimension for c in diff if c.before is not None and c.after is None]
    parts = []
    if up:
        parts.append(f"verder bij {_names(readiness, up)}")
    if down:
        parts.append(f"een stap terug bij {_names(readiness, down)}")
    if answered:
        parts.append(f"nu wel een antwoord bij {_names(readiness, answered)}")
    if unknown:
        parts.append(f"nu 'weet ik niet' bij {_names(readiness, unknown)}")
    text = f"Sinds je vorige check ({when}): " + "; ".join(parts) + "."
    before_levels, after_levels = group_levels(before), group_levels(after)
    moves = []
    for group in GROUPS:
        b, a = before_levels[group].average, after_levels[group].average
        if b is not None and a is not None and abs(a - b) >= 0.05:
            moves.append(f"{readiness.group(group).label} van {format_number(b)} "
                         f"naar {format_number(a)}")
    if moves:
        text += " Gemiddeld: " + ", ".join(moves) + "."
    return text

"""Evaluation of the classifier on labelled JSONL, and k-fold cross-validation on train.

Accuracies follow ``shared/spec/classify.md``: intent over all lines, verdict over the
scenario lines, card over the lines that have a card. Per-card precision/recall/F1, the
macro-F1 over the cards in the gold data, and the confusions use one *outcome* per line:
its card, or ``onduidelijk`` / ``other`` when it has none.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from classifier.dataset import Example
from classifier.types import Classification

NO_CARD_OUTCOMES = ("onduidelijk", "other")


def outcome_of(intent: str, verdict: str | None, card: str | None) -> str:
    """One name per line for confusion tables: the card, or onduidelijk / other."""
    if card:
        return card
    return "onduidelijk" if verdict == "onduidelijk" else "other" if intent == "other" else intent


@dataclass
class CardScore:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass
class Report:
    """Everything ``blendbot evaluate`` prints; ``to_json`` is the ``--json`` object."""

    source: str
    lines: int
    intent_accuracy: float
    verdict_accuracy: float | None
    card_accuracy: float | None
    macro_f1: float
    scenario_lines: int
    card_lines: int
    per_card: dict[str, CardScore] = field(default_factory=dict)
    confusions: list[tuple[str, str, int]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    matrix: list[list[int]] = field(default_factory=list)
    #: Minimal pairs (lines with a ``pair`` id): share of pairs whose every line is right
    #: (intent, verdict and card), and how many pairs there were; None without pair ids.
    pair_accuracy: float | None = None
    pairs: int = 0
    #: Share of lines whose every True/False signal quotes the input (and every activity).
    grounded: float | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["confusions"] = [
            {"gold": g, "predicted": p, "count": n} for g, p, n in self.confusions
        ]
        return data


def score(source: str, gold: Sequence[Example], predicted: Sequence[Classification]) -> Report:
    """Compare predictions with gold labels (same order, same length)."""
    n = len(gold)
    intent_ok = sum(g.intent == p.intent for g, p in zip(gold, predicted, strict=True))
    scen = [(g, p) for g, p in zip(gold, predicted, strict=True) if g.intent == "scenario"]
    with_card = [(g, p) for g, p in zip(gold, predicted, strict=True) if g.card]
    verdict_ok = sum(g.verdict == p.verdict for g, p in scen)
    card_ok = sum(g.card == p.card for g, p in with_card)

    gold_out = [outcome_of(g.intent, g.verdict, g.card) for g in gold]
    pred_out = [outcome_of(p.intent, p.verdict, p.card) for p in predicted]
    cards = sorted({o for o in gold_out if o not in NO_CARD_OUTCOMES})
    per_card: dict[str, CardScore] = {}
    for card in cards:
        tp = sum(g == card and p == card for g, p in zip(gold_out, pred_out, strict=True))
        fp = sum(g != card and p == card for g, p in zip(gold_out, pred_out, strict=True))
        fn = sum(g == card and p != card for g, p in zip(gold_out, pred_out, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_card[card] = CardScore(round(precision, 4), round(recall, 4), round(f1, 4), tp + fn)
    macro = sum(s.f1 for s in per_card.values()) / len(per_card) if per_card else 0.0

    pairs = Counter(
        (g, p) for g, p in zip(gold_out, pred_out, strict=True) if g != p
    )
    confusions = sorted(((g, p, c) for (g, p), c in pairs.items()), key=lambda t: (-t[2], t[0]))
    errors = [
        {
            "text": g.text,
            "gold": {"intent": g.intent, "verdict": g.verdict, "card": g.card},
            "predicted": {"intent": p.intent, "verdict": p.verdict, "card": p.card,
                          "confidence": round(p.confidence, 3)},
        }
        for g, p in zip(gold, predicted, strict=True)
        if (g.intent, g.verdict, g.card) != (p.intent, p.verdict, p.card)
    ]
    pair_accuracy, pair_count = _pair_accuracy(gold, predicted)
    labels = sorted(set(gold_out) | set(pred_out), key=_label_order)
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold_out, pred_out, strict=True):
        matrix[index[g]][index[p]] += 1
    return Report(
        source=source,
        lines=n,
        intent_accuracy=round(intent_ok / n, 4) if n else 0.0,
        verdict_accuracy=round(verdict_ok / len(scen), 4) if scen else None,
        card_accuracy=round(card_ok / len(with_card), 4) if with_card else None,
        macro_f1=round(macro, 4),
        scenario_lines=len(scen),
        card_lines=len(with_card),
        per_card=per_card,
        confusions=confusions,
        errors=errors,
        labels=labels,
        matrix=matrix,
        pair_accuracy=pair_accuracy,
        pairs=pair_count,
        grounded=round(sum(grounded(p) for p in predicted) / n, 4) if n else None,
    )


def _right(g: Example, p: Classification) -> bool:
    return (g.intent, g.verdict, g.card) == (p.intent, p.verdict, p.card)


def _pair_accuracy(
    gold: Sequence[Example], predicted: Sequence[Classification]
) -> tuple[float | None, int]:
    """Share of pairs (lines sharing a ``pair`` id) with every line right."""
    pairs: dict[str, bool] = {}
    for g, p in zip(gold, predicted, strict=True):
        if g.pair is not None:
            pairs[g.pair] = pairs.get(g.pair, True) and _right(g, p)
    if not pairs:
        return None, 0
    return round(sum(pairs.values()) / len(pairs), 4), len(pairs)


def grounded(c: Classification) -> bool:
    """Every True/False signal rests on a quote of the input (or on a follow-up answer),
    and every activity is a piece of the input."""
    for name, value in c.signals.items():
        if value is None or name in c.answered:
            continue
        quote = c.evidence.get(name)
        if not quote or len(quote) > 80 or quote not in c.text:
            return False
    return all(a.text and a.text in c.text for a in c.activities)


def _label_order(label: str) -> tuple[int, str]:
    rank = 0 if label.startswith("def-") else 1 if label.startswith("mis-") else 2
    return rank, label


def evaluate(
    classify: Callable[[str], Classification], gold: Sequence[Example], source: str
) -> Report:
    """Classify every gold text and score the results."""
    return score(source, gold, [classify(g.text) for g in gold])


def cross_validate(
    kb: Any, k: int = 5, train_path: Path | None = None, seed: int = 0
) -> Report:
    """Stratified k-fold CV on the training lines (cards stay in every training fold)."""
    from sklearn.model_selection import StratifiedKFold

    from classifier.combine import build_classifier
    from classifier.dataset import TRAIN_PATH, card_examples, read_examples

    path = Path(train_path or TRAIN_PATH)
    lines = read_examples(path)
    extra = card_examples(kb)
    labels = [ex.label for ex in lines]
    smallest = min(Counter(labels).values())
    folds = StratifiedKFold(n_splits=max(2, min(k, smallest)), shuffle=True, random_state=seed)
    predicted: list[Classification | None] = [None] * len(lines)
    for train_idx, test_idx in folds.split(lines, labels):
        clf = build_classifier(kb, [lines[i] for i in train_idx] + extra)
        for i in test_idx:
            predicted[i] = clf.classify(lines[i].text)
    return score(f"{path} ({folds.n_splits}-fold CV)", lines, [p for p in predicted if p])


def format_report(report: Report, max_errors: int = 25) -> str:
    """The human-readable report (Dutch headings are not needed: this is a developer tool)."""

    def pct(value: float | None) -> str:
        return "n/a" if value is None else f"{value * 100:.1f}%"

    out = [
        f"evaluation of {report.source}: {report.lines} lines",
        f"  intent accuracy  {pct(report.intent_accuracy)}  ({report.lines} lines)",
        f"  verdict accuracy {pct(report.verdict_accuracy)}  ({report.scenario_lines} scenarios)",
        f"  card accuracy    {pct(report.card_accuracy)}  ({report.card_lines} lines with a card)",
        f"  macro-F1 (cards) {report.macro_f1:.3f}",
        *([f"  pair accuracy    {pct(report.pair_accuracy)}  ({report.pairs} pairs)"]
          if report.pair_accuracy is not None else []),
        f"  grounded         {pct(report.grounded)}  (signals and activities quote the input)",
        "",
        f"  {'card':<26} {'prec':>6} {'rec':>6} {'f1':>6} {'n':>4}",
    ]
    for card, s in report.per_card.items():
        out.append(f"  {card:<26} {s.precision:>6.2f} {s.recall:>6.2f} {s.f1:>6.2f} {s.support:>4}")
    out.append("")
    if report.confusions:
        out.append("  confusions (gold -> predicted: count)")
        out.extend(f"    {g} -> {p}: {n}" for g, p, n in report.confusions)
    else:
        out.append("  no confusions")
    if report.errors:
        out.append("")
        out.append(f"  misclassified ({len(report.errors)}):")
        for err in report.errors[:max_errors]:
            g, p = err["gold"], err["predicted"]
            out.append(
                f"    - {err['text'][:110]!r}\n"
                f"      gold {g['intent']}/{g['verdict']}/{g['card']}"
                f"  predicted {p['intent']}/{p['verdict']}/{p['card']} ({p['confidence']})"
            )
        if len(report.errors) > max_errors:
            out.append(f"    ... and {len(report.errors) - max_errors} more (see --json)")
    return "\n".join(out)


def plot_confusion(report: Report, path: Path | str) -> Path:
    """Write the confusion matrix as a PNG (matplotlib, Agg backend, imported lazily)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels, matrix = report.labels, report.matrix
    size = max(6.0, 0.45 * len(labels) + 2)
    fig, ax = plt.subplots(figsize=(size, size))
    try:
        ax.imshow(matrix, cmap="Blues")
        ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=8)
        ax.set_yticks(range(len(labels)), labels, fontsize=8)
        ax.set_xlabel("predicted")
        ax.set_ylabel("true")
        ax.set_title(f"Confusion matrix: {Path(report.source).name}"[:80], fontsize=10)
        peak = max((max(row) for row in matrix), default=0) or 1
        for i, row in enumerate(matrix):
            for j, value in enumerate(row):
                if value:
                    color = "white" if value > peak / 2 else "black"
                    ax.text(j, i, str(value), ha="center", va="center", fontsize=7, color=color)
        fig.tight_layout()
        path = Path(path)
        fig.savefig(path, format="png", dpi=110)
    finally:
        plt.close(fig)
    return path

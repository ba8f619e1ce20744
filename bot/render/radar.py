"""A radar chart of the readiness levels as PNG bytes, drawn server-side with matplotlib.

matplotlib is imported inside ``radar_png`` (Agg canvas, no pyplot and no global state), so
importing this module costs nothing and rendering is safe from any thread. Unknown answers
('weet ik niet') are gaps in the line with a grey '?' on their axis; the filled area only
covers wedges between two known neighbours, so nothing is drawn that was not answered.
"""

from __future__ import annotations

import io
import math
import threading
from collections.abc import Sequence

SIZE_PX = 420
_DPI = 100
_MAX_LEVEL = 4
_COLOR_NOW = "#5B2A86"
_COLOR_BEFORE = "#8A8A8A"
_UNKNOWN_R = 0.55
_STEPS = (0.18, 0.35, 0.55, 0.75, 1.0)
#: matplotlib promises no thread safety; charts are rendered in worker threads one at a time.
_LOCK = threading.Lock()


def _closed(values: Sequence[int | None]) -> list[float]:
    """The values as floats with NaN for unknown, first value repeated to close the loop."""
    floats = [float(v) if v is not None else math.nan for v in values]
    return floats + floats[:1]


def _draw_series(ax, angles: list[float], values: Sequence[int | None], color: str,
                 dashed: bool, label: str | None) -> None:
    style = "--" if dashed else "-"
    ax.plot(angles, _closed(values), style, color=color, linewidth=2 if not dashed else 1.4,
            label=label, zorder=3 if not dashed else 2)
    known = [(a, v) for a, v in zip(angles, values, strict=False) if v is not None]
    if known:
        xs, ys = zip(*known, strict=True)
        ax.plot(xs, ys, "o", color=color, markersize=5 if not dashed else 3.5,
                zorder=3 if not dashed else 2, clip_on=False)
    if dashed:
        return
    count = len(values)
    for i in range(count):
        j = (i + 1) % count
        if values[i] is not None and values[j] is not None and count > 1:
            ax.fill([angles[i], angles[i], angles[i + 1]], [0, values[i], values[j]],
                    color=color, alpha=0.18, linewidth=0, zorder=1)


def radar_png(labels: Sequence[str], levels: Sequence[int | None],
              previous: Sequence[int | None] | None = None, *,
              legend: tuple[str, str] = ("Nu", "Vorige check"), size_px: int = SIZE_PX) -> bytes:
    """PNG bytes of a ``size_px`` square radar chart with one axis per label.

    ``levels`` holds 1..4 or None per axis; ``previous`` (same length) adds a dashed line.
    """
    if len(labels) != len(levels) or (previous is not None and len(previous) != len(labels)):
        raise ValueError("labels, levels and previous must have the same length")
    if len(labels) < 3:
        raise ValueError("a radar chart needs at least three axes")
    for value in (*levels, *(previous or ())):
        if value is not None and value not in range(1, _MAX_LEVEL + 1):
            raise ValueError(f"levels are 1 to {_MAX_LEVEL} or None, not {value!r}")
    with _LOCK:
        png = _draw(labels, levels, previous, legend, size_px)
    return _compact(png)


def _draw(labels: Sequence[str], levels: Sequence[int | None],
          previous: Sequence[int | None] | None, legend: tuple[str, str], size_px: int) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    count = len(labels)
    angles = [2 * math.pi * i / count for i in range(count + 1)]
    fig = Figure(figsize=(size_px / _DPI, size_px / _DPI), dpi=_DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.2, 0.15, 0.6, 0.68), projection="polar")
    # Start at the top and go clockwise, as people read a clock.
    ax.set_theta_offset(math.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_ylim(0, _MAX_LEVEL)
    ax.set_yticks(range(1, _MAX_LEVEL + 1))
    ax.set_yticklabels([str(v) for v in range(1, _MAX_LEVEL + 1)], fontsize=7, color="#777777")
    ax.set_rlabel_position(360 / count / 2)
    ax.set_xticks(angles[:-1])
    ax.set_xticklabels(list(labels), fontsize=8.5)
    ax.tick_params(axis="x", pad=6)
    ax.grid(color="#DDDDDD", linewidth=0.8)
    ax.spines["polar"].set_color("#CCCCCC")

    if previous is not None:
        _draw_series(ax, angles, previous, _COLOR_BEFORE, True, legend[1])
    _draw_series(ax, angles, levels, _COLOR_NOW, False, legend[0])
    for angle, value in zip(angles, levels, strict=False):
        if value is None:
            ax.text(angle, _UNKNOWN_R, "?", ha="center", va="center", fontsize=10,
                    fontweight="bold", color=_COLOR_BEFORE, zorder=4)
    if previous is not None:
        fig.legend(loc="lower center", ncols=2, fontsize=8, frameon=False)

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=_DPI, metadata={"Software": None})
    return buffer.getvalue()


def _palette() -> list[int]:
    """Each ink of the chart blended with white in a few steps: anti-aliasing stays smooth
    and every ink keeps its exact colour (an adaptive palette drops rare ones)."""
    inks = {_COLOR_NOW: _STEPS, "#000000": _STEPS, _COLOR_BEFORE: _STEPS,
            "#777777": (0.5, 1.0), "#DDDDDD": (1.0,), "#CCCCCC": (1.0,)}
    colours = [(255, 255, 255)]
    for ink, steps in inks.items():
        rgb = tuple(int(ink[i:i + 2], 16) for i in (1, 3, 5))
        colours += [tuple(round(255 + (c - 255) * step) for c in rgb) for step in steps]
    flat = [channel for colour in colours for channel in colour]
    return flat + flat[:3] * (256 - len(colours))


def _compact(png: bytes) -> bytes:
    """A palette PNG: about a third of the size, small enough to inline as a data URI."""
    from PIL import Image

    palette = Image.new("P", (1, 1))
    palette.putpalette(_palette())
    with Image.open(io.BytesIO(png)) as image:
        flat = image.convert("RGB").quantize(palette=palette, dither=Image.Dither.NONE)
        out = io.BytesIO()
        flat.save(out, format="PNG", optimize=True)
    return out.getvalue()

"""A radar chart of the readiness levels as PNG bytes, drawn server-side with matplotlib.

matplotlib is imported inside ``radar_png`` (Agg canvas, no pyplot and no global state), so
importing this module costs nothing and rendering is safe from any thread. Unknown answers
('weet ik niet') are gaps in the line with a grey '?' on their axis; the filled area only
covers wedges between two known neighbours, so nothing is drawn that was not answered.

The axis labels are placed by measuring them first: each label is anchored just outside the
circle on the side it belongs to (left-aligned on the right, right-aligned on the left), and
the circle gets the largest radius (and a small sideways shift) at which every label fits
inside the image. So a long label such as 'Studentervaring' or 'Organisatie' is never drawn
over the chart or cut off at the edge.
"""

from __future__ import annotations

import io
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

SIZE_PX = 420
_DPI = 100
_MAX_LEVEL = 4
_COLOR_NOW = "#5B2A86"
_COLOR_BEFORE = "#8A8A8A"
_UNKNOWN_R = 0.55
_STEPS = (0.18, 0.35, 0.55, 0.75, 1.0)
#: matplotlib promises no thread safety; charts are rendered in worker threads one at a time.
_LOCK = threading.Lock()
_LABEL_FONT = 8.5
_MIN_LABEL_FONT = 6.5
#: Pixels between the circle and a label, and between a label and the image edge.
_LABEL_GAP = 7.0
_MARGIN = 4.0
#: Room kept free at the bottom for the legend (only drawn with a previous result).
_LEGEND_PX = 26.0
_MIN_RADIUS = 70.0
_MAX_RADIUS_SHARE = 0.34
LABEL_GID = "axis-label"


@dataclass(frozen=True, slots=True)
class Layout:
    """Where the circle sits (pixels from the bottom-left corner) and the label font size."""

    cx: float
    cy: float
    radius: float
    font_size: float


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
    fig = chart_figure(labels, levels, previous, legend=legend, size_px=size_px)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=_DPI, metadata={"Software": None})
    return buffer.getvalue()


def _direction(angle: float) -> tuple[float, float]:
    """Unit vector (x right, y up) of an axis at ``angle`` clockwise from the top."""
    return math.sin(angle), math.cos(angle)


def _alignment(dx: float, dy: float) -> tuple[str, str]:
    ha = "left" if dx > 0.15 else "right" if dx < -0.15 else "center"
    va = "bottom" if dy > 0.15 else "top" if dy < -0.15 else "center"
    return ha, va


def _label_box(cx: float, cy: float, radius: float, angle: float, width: float,
               height: float) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of a label anchored outside the circle at ``angle``."""
    dx, dy = _direction(angle)
    x, y = cx + (radius + _LABEL_GAP) * dx, cy + (radius + _LABEL_GAP) * dy
    ha, va = _alignment(dx, dy)
    x0 = {"left": x, "right": x - width, "center": x - width / 2}[ha]
    y0 = {"bottom": y, "top": y - height, "center": y - height / 2}[va]
    return x0, y0, x0 + width, y0 + height


def _fits(cx: float, cy: float, radius: float, angles: Sequence[float],
          sizes: Sequence[tuple[float, float]], size_px: int, bottom: float) -> bool:
    for angle, (width, height) in zip(angles, sizes, strict=True):
        x0, y0, x1, y1 = _label_box(cx, cy, radius, angle, width, height)
        if x0 < _MARGIN or x1 > size_px - _MARGIN or y0 < bottom or y1 > size_px - _MARGIN:
            return False
    return True


def _measure(fig: Any, labels: Sequence[str], font_size: float) -> list[tuple[float, float]]:
    renderer = fig.canvas.get_renderer()
    sizes = []
    for label in labels:
        text = fig.text(0, 0, label, fontsize=font_size)
        box = text.get_window_extent(renderer)
        sizes.append((box.width, box.height))
        text.remove()
    return sizes


def layout(fig: Any, labels: Sequence[str], size_px: int, with_legend: bool) -> Layout:
    """The largest circle (shifted a little sideways if that helps) whose labels all fit.

    Tries the normal label font first and smaller ones only when the circle would get
    smaller than ``_MIN_RADIUS``.
    """
    count = len(labels)
    angles = [2 * math.pi * i / count for i in range(count)]
    bottom = _MARGIN + (_LEGEND_PX if with_legend else 0.0)
    cy = (size_px + bottom) / 2
    best = Layout(size_px / 2, cy, _MIN_RADIUS, _MIN_LABEL_FONT)
    font = _LABEL_FONT
    while font >= _MIN_LABEL_FONT:
        sizes = _measure(fig, labels, font)
        found: Layout | None = None
        for shift in range(0, 41, 4):
            for cx in {size_px / 2 - shift, size_px / 2 + shift}:
                radius = _largest_radius(cx, cy, angles, sizes, size_px, bottom)
                if radius is not None and (found is None or radius > found.radius):
                    found = Layout(cx, cy, radius, font)
        if found is not None and found.radius >= _MIN_RADIUS:
            return found
        font -= 1.0
    return best


def _largest_radius(cx: float, cy: float, angles: Sequence[float],
                    sizes: Sequence[tuple[float, float]], size_px: int,
                    bottom: float) -> float | None:
    """Bisection on the radius: the labels fit for small circles and stop fitting at some
    radius, because every label moves outwards as the circle grows."""
    low, high = 10.0, size_px * _MAX_RADIUS_SHARE
    if not _fits(cx, cy, low, angles, sizes, size_px, bottom):
        return None
    if _fits(cx, cy, high, angles, sizes, size_px, bottom):
        return high
    for _ in range(24):
        middle = (low + high) / 2
        if _fits(cx, cy, middle, angles, sizes, size_px, bottom):
            low = middle
        else:
            high = middle
    return math.floor(low)


def chart_figure(labels: Sequence[str], levels: Sequence[int | None],
                 previous: Sequence[int | None] | None = None, *,
                 legend: tuple[str, str] = ("Nu", "Vorige check"), size_px: int = SIZE_PX) -> Any:
    """The matplotlib Figure of the chart (not yet saved); the axis labels carry the gid
    ``LABEL_GID``. Call through :func:`radar_png` for thread safety and checked input."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    count = len(labels)
    angles = [2 * math.pi * i / count for i in range(count + 1)]
    fig = Figure(figsize=(size_px / _DPI, size_px / _DPI), dpi=_DPI)
    FigureCanvasAgg(fig)
    place = layout(fig, labels, size_px, previous is not None)
    side = 2 * place.radius / size_px
    ax = fig.add_axes(((place.cx - place.radius) / size_px, (place.cy - place.radius) / size_px,
                       side, side), projection="polar")
    # Start at the top and go clockwise, as people read a clock.
    ax.set_theta_offset(math.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_ylim(0, _MAX_LEVEL)
    ax.set_yticks(range(1, _MAX_LEVEL + 1))
    ax.set_yticklabels([str(v) for v in range(1, _MAX_LEVEL + 1)], fontsize=7, color="#777777")
    ax.set_rlabel_position(360 / count / 2)
    ax.set_xticks(angles[:-1])
    ax.set_xticklabels([])
    for angle, label in zip(angles, labels, strict=False):
        dx, dy = _direction(angle)
        ha, va = _alignment(dx, dy)
        reach = place.radius + _LABEL_GAP
        fig.text((place.cx + reach * dx) / size_px, (place.cy + reach * dy) / size_px, label,
                 fontsize=place.font_size, ha=ha, va=va, gid=LABEL_GID)
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
    return fig


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

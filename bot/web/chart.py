"""Small horizontal bar charts: answers per card, with the unsure part marked.

SVG for the insights web page, a small PNG (Pillow, as a data URI) for the Teams card,
because Adaptive Cards cannot show SVG reliably.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw

from bot.web.html import esc

ACCENT = "#1F6F8B"
UNSURE = "#E8A33D"


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    total: int
    unsure: int = 0


def _scale(bars: Sequence[Bar]) -> int:
    return max((b.total for b in bars), default=0) or 1


def bar_chart_svg(bars: Sequence[Bar], *, width: int = 640, title: str = "") -> str:
    """An accessible inline SVG (role=img, title) with one bar per card."""
    row, label_w, pad = 26, 230, 6
    height = max(1, len(bars)) * row + 2 * pad
    plot_w = width - label_w - 60
    top = _scale(bars)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" class="chart">',
        f"<title>{esc(title)}</title>",
    ]
    for i, bar in enumerate(bars):
        y = pad + i * row
        full = plot_w * bar.total / top
        part = plot_w * min(bar.unsure, bar.total) / top
        label = bar.label if len(bar.label) <= 32 else bar.label[:31] + "…"
        parts += [
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" font-size="13" '
            f'fill="#1d2327">{esc(label)}</text>',
            f'<rect x="{label_w}" y="{y + 4}" width="{full:.1f}" height="18" rx="3" '
            f'fill="{ACCENT}"><title>{esc(bar.label)}: {bar.total}</title></rect>',
        ]
        if part > 0:
            parts.append(
                f'<rect x="{label_w + full - part:.1f}" y="{y + 4}" width="{part:.1f}" '
                f'height="18" rx="3" fill="{UNSURE}"><title>twijfel: {bar.unsure}</title></rect>'
            )
        parts.append(
            f'<text x="{label_w + full + 6:.1f}" y="{y + 17}" font-size="13" '
            f'fill="#1d2327" class="count">{bar.total}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def bar_chart_png(bars: Sequence[Bar], *, width: int = 360) -> bytes:
    """A compact PNG without text labels (the card lists the numbers next to it)."""
    row, pad = 14, 4
    height = max(1, len(bars)) * row + 2 * pad
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    top = _scale(bars)
    plot_w = width - 2 * pad
    for i, bar in enumerate(bars):
        y = pad + i * row
        full = plot_w * bar.total / top
        part = plot_w * min(bar.unsure, bar.total) / top
        if full >= 1:
            draw.rectangle((pad, y + 2, pad + full, y + row - 2), fill=ACCENT)
        if part >= 1:
            draw.rectangle((pad + full - part, y + 2, pad + full, y + row - 2), fill=UNSURE)
    buffer = io.BytesIO()
    image.convert("P", palette=Image.Palette.ADAPTIVE, colors=8).save(
        buffer, format="PNG", optimize=True
    )
    return buffer.getvalue()


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")

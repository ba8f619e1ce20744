"""The radar chart renders for every combination of known and unknown answers."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from bot.render.radar import SIZE_PX, radar_png
from dialogs.results import MAX_INLINE_PNG

LABELS = ["Flexibiliteit", "Interactie", "Ontwerpproces", "Studentervaring", "Ondersteuning",
          "Visie", "Delen", "Professionalisering", "Kwaliteitszorg", "Organisatie",
          "Financiering", "Faciliteiten"]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PURPLE = (0x5B, 0x2A, 0x86)


def image_of(png: bytes) -> Image.Image:
    assert png.startswith(PNG_MAGIC)
    with Image.open(io.BytesIO(png)) as probe:
        probe.verify()  # raises on a truncated or corrupt file
    image = Image.open(io.BytesIO(png))
    image.load()
    return image.convert("RGB")


def pixels(image: Image.Image, wanted) -> int:
    """How many pixels have a colour for which ``wanted(r, g, b)`` holds."""
    return sum(count for count, rgb in image.getcolors(maxcolors=1 << 24) if wanted(*rgb))


def purple_pixels(image: Image.Image) -> int:
    """Pixels close to the colour of the 'now' line and its markers."""
    return pixels(image, lambda r, g, b: abs(r - PURPLE[0]) < 30 and abs(g - PURPLE[1]) < 30
                  and abs(b - PURPLE[2]) < 30)


def check(levels: Sequence[int | None], previous: Sequence[int | None] | None = None) -> None:
    png = radar_png(LABELS, levels, previous)
    image = image_of(png)
    assert image.size == (SIZE_PX, SIZE_PX)
    assert len(png) <= MAX_INLINE_PNG, "small enough to inline as a data URI"
    drawn = purple_pixels(image)
    if any(v is not None for v in levels):
        assert drawn > 20
    elif previous is None:  # (with a previous result the legend shows the 'now' line)
        assert drawn == 0  # nothing is drawn that was not answered


def single_unknown(position: int) -> list[int | None]:
    levels: list[int | None] = [(i % 4) + 1 for i in range(12)]
    levels[position] = None
    return levels


CASES: dict[str, list[int | None]] = {
    "all-known": [(i % 4) + 1 for i in range(12)],
    "all-anchored": [4] * 12,
    "all-exploring": [1] * 12,
    "all-unknown": [None] * 12,
    "alternating": [None if i % 2 else 3 for i in range(12)],
    "alternating-other": [2 if i % 2 else None for i in range(12)],
    "one-known": [None] * 11 + [2],
    "own-teaching-only": [3, 3, 4, 2] + [None] * 8,
} | {f"single-unknown-{i}": single_unknown(i) for i in range(12)}


@pytest.mark.parametrize("levels", list(CASES.values()), ids=list(CASES))
def test_renders(levels: list[int | None]) -> None:
    check(levels)


def test_with_previous_result_and_legend() -> None:
    check([2] * 12, [1, None] * 6)
    check([None] * 12, [3] * 12)


@settings(max_examples=12, deadline=None)
@given(st.lists(st.booleans(), min_size=12, max_size=12),
       st.lists(st.integers(1, 4), min_size=12, max_size=12),
       st.booleans())
def test_any_mask_of_unknowns(mask: list[bool], values: list[int], with_previous: bool) -> None:
    levels = [v if known else None for v, known in zip(values, mask, strict=True)]
    check(levels, list(reversed(levels)) if with_previous else None)


def test_unknown_answers_are_marked() -> None:
    """A '?' in grey sits on each unknown axis: more grey ink with more unknowns."""
    def grey(levels: list[int | None]) -> int:
        image = image_of(radar_png(LABELS, levels))
        return pixels(image, lambda r, g, b: 0x70 < r < 0xA0 and abs(r - g) < 8
                      and abs(g - b) < 8)

    assert grey([None] * 12) > grey([2] * 12)


@pytest.mark.parametrize(("labels", "levels"), [
    (LABELS, [1] * 11), (LABELS[:2], [1, 2]), (LABELS, [1] * 12 + [2]),
    (LABELS, [1] * 11 + [5]), (LABELS, [0] + [1] * 11),
])
def test_bad_input_is_a_value_error(labels: list[str], levels: list[int]) -> None:
    with pytest.raises(ValueError):
        radar_png(labels, levels)


# ---- axis labels: inside the image and off the chart ------------------------------------

def _label_boxes_and_circle(labels: Sequence[str], previous: Sequence[int | None] | None):
    """The rendered label extents and the polar circle (centre x, centre y, radius), px."""
    from bot.render.radar import LABEL_GID, chart_figure

    fig = chart_figure(labels, [4] * len(labels), previous)
    renderer = fig.canvas.get_renderer()
    boxes = {t.get_text(): t.get_window_extent(renderer)
             for t in fig.texts if t.get_gid() == LABEL_GID}
    ax = fig.axes[0].get_window_extent(renderer)
    return boxes, ((ax.x0 + ax.x1) / 2, (ax.y0 + ax.y1) / 2, ax.width / 2)


def _distance_to_box(x: float, y: float, box) -> float:
    dx = max(box.x0 - x, 0.0, x - box.x1)
    dy = max(box.y0 - y, 0.0, y - box.y1)
    return (dx * dx + dy * dy) ** 0.5


LONG = ["Organisatie en besl", "Professionalisering", "Studentervaring xyz"]


@pytest.mark.parametrize("labels", [LABELS, LABELS[::-1], LONG * 4, ["Organisatie"] * 3],
                         ids=["spec", "reversed", "long", "three"])
@pytest.mark.parametrize("with_previous", [False, True])
def test_every_label_fits_in_the_image_and_stays_off_the_chart(
        labels: list[str], with_previous: bool) -> None:
    previous = [1] * len(labels) if with_previous else None
    boxes, (cx, cy, radius) = _label_boxes_and_circle(labels, previous)
    assert set(boxes) == set(labels)
    legend_top = 24 if with_previous else 0
    for label, box in boxes.items():
        assert box.x0 >= 0 and box.x1 <= SIZE_PX, (label, box)
        assert box.y0 >= legend_top and box.y1 <= SIZE_PX, (label, box)
        # The outer ring (level 4, where the markers sit) never runs through a label.
        assert _distance_to_box(cx, cy, box) > radius + 3, (label, box, radius)
    assert radius >= 70, "the chart itself stays readable"


def test_organisatie_is_not_covered_by_a_level_four_marker() -> None:
    """The reported case: 'Organisatie' (and 'Studentervaring') at 9 and 3 o'clock."""
    boxes, (cx, cy, radius) = _label_boxes_and_circle(LABELS, None)
    left, right = boxes["Organisatie"], boxes["Studentervaring"]
    assert left.x1 < cx - radius and right.x0 > cx + radius

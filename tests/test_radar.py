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

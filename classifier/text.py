"""Text normalisation and tokenisation shared by the rules and the model.

Dutch-aware in the small ways that matter here: accents are folded (``geïntegreerd`` ->
``geintegreerd``, ``oké`` -> ``oke``), hyphens inside compounds are dropped so that
``online-opdracht`` and ``onlineopdracht`` look the same, and apostrophe plurals
(``video's``, ``quiz'je``) keep their stem together.
"""

from __future__ import annotations

import re
import unicodedata

#: The model sees at most this many characters; the rules see at most ``RULE_CHARS``.
MODEL_CHARS = 2000
RULE_CHARS = 4000
#: Never look at more than this many characters of raw input (a 100 KB line stays cheap).
RAW_CHARS = 8000

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u00ad": "",
    }
)
_COMPOUND_HYPHEN = re.compile(r"(?<=[a-z])-(?=[a-z])")
_APOSTROPHE_SUFFIX = re.compile(r"(?<=[a-z])'(?=(?:s|je|jes|tje|tjes)\b)")
_WHITESPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"[a-z0-9]+")
_LETTER = re.compile(r"[a-z]")


def fold_accents(text: str) -> str:
    """Remove diacritics (NFKD + drop combining marks); keeps other characters."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise(text: str, limit: int = RULE_CHARS) -> str:
    """Lowercase, fold accents and quotes, join compound hyphens, collapse whitespace.

    Control and other non-printable characters become spaces, so binary-ish input is safe.
    """
    if not text:
        return ""
    text = text[: limit * 2].translate(_QUOTES)
    text = fold_accents(text).lower()
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = _COMPOUND_HYPHEN.sub("", text)
    text = _APOSTROPHE_SUFFIX.sub("", text)
    text = _WHITESPACE.sub(" ", text).strip()
    return text[:limit]


def tokenize(normalised: str) -> list[str]:
    """Word tokens (ASCII letters and digits) of an already normalised text."""
    return _TOKEN.findall(normalised)


def letter_ratio(normalised: str) -> float:
    """Share of non-space characters that are ASCII letters (nonsense / binary detection)."""
    chars = normalised.replace(" ", "")
    if not chars:
        return 0.0
    return len(_LETTER.findall(chars)) / len(chars)

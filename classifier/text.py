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


# --------------------------------------------------------------------------- tokens with spans

#: Tokens of the *raw* text with their character spans, so that findings can quote the
#: teacher's own words. Same tokens as ``tokenize(normalise(text))`` for ordinary text.
_SPAN_TOKEN = re.compile(
    r"[a-z0-9]+(?:(?:(?<=[a-z])-(?=[a-z])|'(?=(?:s|je|jes|tje|tjes)\b))[a-z0-9]+)*"
)
_FOLD_CACHE: dict[str, str] = {}


def _fold_char(ch: str) -> str:
    """One character, lowercased, accent-folded and quote-folded; always one character."""
    cached = _FOLD_CACHE.get(ch)
    if cached is None:
        folded = fold_accents(ch.translate(_QUOTES).lower()) or "-"
        cached = folded if len(folded) == 1 else " "
        if len(_FOLD_CACHE) < 50_000:
            _FOLD_CACHE[ch] = cached
    return cached


def mirror(text: str) -> str:
    """``text`` lowercased and folded character by character: same length, same offsets."""
    if text.isascii():
        return text.lower()
    table = {ord(ch): _fold_char(ch) for ch in set(text) if not ch.isascii()}
    return text.translate(table).lower()


def span_tokens(text: str, mirrored: str | None = None) -> list[tuple[str, int, int]]:
    """(token, start, end) for each word token of ``text``; spans index into ``text``.

    ``mirrored`` is ``mirror(text)`` when the caller has it already.
    """
    out = []
    for m in _SPAN_TOKEN.finditer(mirror(text) if mirrored is None else mirrored):
        tok = m.group()
        if "-" in tok or "'" in tok:
            tok = tok.replace("-", "").replace("'", "")
        out.append((tok, m.start(), m.end()))
    return out

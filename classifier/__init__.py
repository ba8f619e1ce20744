"""Blendbot's classifier: rules + TF-IDF model -> :class:`classifier.types.Classification`.

``load_classifier`` and ``Classifier`` are imported lazily, so that importing
``classifier.types`` (renderers, storage) does not pay for scikit-learn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from classifier.combine import Classifier, load_classifier

__all__ = ["Classifier", "load_classifier"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from classifier import combine

        return getattr(combine, name)
    raise AttributeError(f"module 'classifier' has no attribute {name!r}")

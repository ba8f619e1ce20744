"""Blendbot's knowledge: typed cards, tips and advice, loaded and validated from YAML."""

from knowledge.loader import (
    KnowledgeBase,
    KnowledgeError,
    Problem,
    load_knowledge,
    read_yaml_with_lines,
    validate_model,
)
from knowledge.models import Card, CardKind, Example

__all__ = [
    "Card",
    "CardKind",
    "Example",
    "KnowledgeBase",
    "KnowledgeError",
    "Problem",
    "load_knowledge",
    "read_yaml_with_lines",
    "validate_model",
]

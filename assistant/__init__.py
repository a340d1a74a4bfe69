"""The records assistant: answers questions about CMW records, citing the exact paragraph."""
from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from .core.errors import AssistantError, QuestionError, RecordError, StoreError

__all__ = ["Answer", "Assistant", "AssistantError", "Chat", "Citation", "QuestionError", "RecordError", "Settings",
           "StoreError"]

# Imported on first use (PEP 562): `assistant --help` and the CLI's start need not wait for llama-index and chromadb.
_LAZY = {"Answer": ".answer.types", "Citation": ".answer.types", "Assistant": ".assistant", "Chat": ".answer.conversation",
         "Settings": ".core.config"}

if TYPE_CHECKING:
    from .answer.types import Answer, Citation
    from .assistant import Assistant
    from .answer.conversation import Chat
    from .core.config import Settings


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

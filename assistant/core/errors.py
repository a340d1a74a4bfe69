"""One error root. Every message says what went wrong and how to fix it."""


class AssistantError(Exception):
    """Base class for errors the user can act on; the CLI prints them without a traceback."""


class RecordError(AssistantError):
    """A record file could not be read or parsed."""


class IndexMismatchError(AssistantError):
    """The index was built with different settings than the current ones."""


class StoreError(AssistantError):
    """The Chroma store cannot be opened, read or written."""


class QuestionError(AssistantError):
    """The question cannot be answered as asked (empty, too long, ...)."""

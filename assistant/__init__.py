"""The records assistant: answers questions about CMW records, citing the exact paragraph."""
from .answer_types import Answer, Citation
from .assistant import Assistant
from .chat import Chat
from .config import Settings
from .errors import AssistantError, QuestionError, RecordError, StoreError

__all__ = ["Answer", "Assistant", "AssistantError", "Chat", "Citation", "QuestionError", "RecordError", "Settings",
           "StoreError"]

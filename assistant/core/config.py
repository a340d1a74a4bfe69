"""One settings model (env prefix ASSISTANT_) and the index fingerprint."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict



class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    # Relative to the folder the assistant runs in, so an installed package works from any project folder.
    records_dir: Path = Field(default_factory=lambda: Path.cwd() / "records", description="Folder of record files to index.")
    index_dir: Path = Field(default_factory=lambda: Path.cwd() / "index_store", description="Embedded Chroma store folder.")
    chroma_url: str = Field("", description="Chroma server URL (e.g. http://127.0.0.1:8000); empty uses the embedded store.")
    collection: str = Field("cmw_records", description="Chroma collection name prefix.")
    embed_model: str = Field("", description="Sentence-transformers model path; empty uses the bundled all-MiniLM-L6-v2.")
    embed_batch_size: int = Field(64, description="Texts per embedding batch.")
    window_words: int = Field(150, description="A paragraph longer than this is also embedded as sentence windows of about this many words.")
    top_k: int = Field(5, description="Most citations in an answer.")
    candidates: int = Field(30, description="Paragraphs each retriever returns before fusion.")
    refuse_below: float = Field(0.30, description="Answers whose best evidence scores below this are refused.")
    llm: str = Field("", description="Optional LLM backend: llama-cpp:PATH, ollama:MODEL, openai:MODEL@URL; empty is extractive.")
    llm_probe_timeout: float = Field(120.0, description="Seconds an in-process LLM backend gets to answer a test prompt in a child process before it is used.")
    llm_probe_command: str = Field("", description="Command that tests an LLM backend instead of the built-in child-process probe (the spec is appended); exit 0 means usable.")
    ui_auth: str = Field("", description="Optional UI login 'user:password', or a path to a file of such lines.")
    ui_llms: str = Field("", description="Comma-separated LLM backends the web UI offers besides extractive and ASSISTANT_LLM (each visitor picks for their own session).")
    ui_offer_test_llm: bool = Field(False, description="Offer the tiny smollm2 test model in the web UI's answerer menu.")
    max_record_mb: int = Field(20, description="Largest record file accepted, in MB.")
    max_question_chars: int = Field(2000, description="Longer questions are truncated to this many characters.")

    def fingerprint(self) -> str:
        """Hash of the settings that change what is stored in the index."""
        relevant = {
            "embed_model": self.embed_model or "bundled:all-MiniLM-L6-v2",
            "window_words": self.window_words,
            "schema": 1,
        }
        return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()[:16]

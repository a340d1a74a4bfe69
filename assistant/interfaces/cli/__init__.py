"""The `assistant` command line; `run` is the console entry point."""
from .main import main, run

__all__ = ["main", "run"]

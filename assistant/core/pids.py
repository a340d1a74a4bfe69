"""Whether a process still runs: temporary folders are named by the pid that writes them, and a later process
removes those whose writer died (a kill mid-write)."""
from __future__ import annotations

import os


def alive(pid: int | str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True

"""Who may use the web UI: login pairs, a per-client delay after failed logins, and no open server by accident."""
from __future__ import annotations

import ipaddress
import json
import logging
import threading
import time
from pathlib import Path

from ...core.errors import AssistantError

log = logging.getLogger(__name__)
FREE_FAILURES = 3        # a mistyped password or two costs nothing
FIRST_DELAY = 1.0        # seconds after the first failure beyond the free ones, doubled each time
MAX_DELAY = 300.0


def auth_pairs(spec: str) -> list[tuple[str, str]] | None:
    """`ui_auth` is "user:password" or a path to a file of such lines (blank and # lines ignored)."""
    spec = (spec or "").strip()
    if not spec:
        return None
    path = Path(spec).expanduser()
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else [spec]
    pairs = []
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        user, sep, password = line.partition(":")
        if not sep or not user.strip() or not password:
            raise AssistantError("ASSISTANT_UI_AUTH must be 'user:password' or a file of such lines; "
                                 f"got a line without a user and password ({line[:20]!r}…).")
        pairs.append((user.strip(), password))
    return pairs or None


def is_loopback(host: str) -> bool:
    host = (host or "").strip().strip("[]")
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


OPEN_WARNING = ("WARNING: the CMW records assistant is serving on {host}, reachable from other machines, WITHOUT A "
                "LOGIN. Anyone who can reach this address can use it. Set ASSISTANT_UI_AUTH='user:password' (or a "
                "file of such lines) to require a login.")


def check_exposure(host: str, auth, allow_open: bool) -> str:
    """Refuse a non-loopback host without a login unless the operator says --allow-open; then return the warning."""
    if is_loopback(host) or auth:
        return ""
    if not allow_open:
        raise AssistantError(f"Refusing to serve on {host} without a login: anyone on the network could use it. Set "
                             "ASSISTANT_UI_AUTH='user:password' (or a file of such lines), serve on 127.0.0.1, or "
                             "pass --allow-open if an open server is really meant.")
    return OPEN_WARNING.format(host=host)


class Backoff:
    """Failed logins per client address: after FREE_FAILURES, each failure doubles the wait before the next try."""

    def __init__(self, free: int = FREE_FAILURES, first: float = FIRST_DELAY, cap: float = MAX_DELAY, clock=time.monotonic):
        self.free, self.first, self.cap, self.clock = free, first, cap, clock
        self._failures: dict[str, int] = {}
        self._until: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, client: str) -> float:
        """Seconds this client must still wait before its next login attempt (0: go ahead)."""
        with self._lock:
            return max(0.0, self._until.get(client, 0.0) - self.clock())

    def failed(self, client: str) -> float:
        with self._lock:
            n = self._failures[client] = self._failures.get(client, 0) + 1
            delay = 0.0 if n <= self.free else min(self.cap, self.first * 2 ** (n - self.free - 1))
            self._until[client] = self.clock() + delay
            return delay

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)
            self._until.pop(client, None)


class LoginThrottle:
    """ASGI middleware around gradio's POST /login: answers 429 (with Retry-After) while a client must wait, and
    counts the 400 "Incorrect credentials" answers per client address."""

    def __init__(self, app, backoff: Backoff | None = None):
        self.app = app
        self.backoff = backoff or Backoff()

    async def __call__(self, scope, receive, send):
        if scope.get("type") != "http" or scope.get("method") != "POST" or \
                not scope.get("path", "").rstrip("/").endswith("/login"):
            return await self.app(scope, receive, send)
        client = (scope.get("client") or ("?", 0))[0]
        wait = self.backoff.wait(client)
        if wait > 0:
            body = json.dumps({"detail": f"Too many failed logins from this address; try again in {wait:.0f} s."}).encode()
            await send({"type": "http.response.start", "status": 429,
                        "headers": [(b"content-type", b"application/json"), (b"retry-after", str(int(wait + 0.999)).encode()),
                                    (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
            return
        status = {}

        async def watch(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        await self.app(scope, receive, watch)
        if status.get("code") == 200:
            self.backoff.succeeded(client)
        elif status.get("code") in (400, 401, 403):
            delay = self.backoff.failed(client)
            if delay:
                log.warning("failed login from %s; next attempt allowed in %.0f s", client, delay)

"""What keeps the editor safe as a web server.

* **Host check**: a request whose Host header is not one the server answers to
  is refused (400) before any page runs, so a web page elsewhere cannot reach
  the editor through DNS rebinding.
* **CSRF**: every request that changes something (POST) must carry the
  session's token, as a form field or the ``X-CSRF-Token`` header, and an
  ``Origin`` header, when sent, must be this server; else 403 and nothing is
  written.
* **Logins**: accounts live in ``.brochure/users.json`` (argon2 hashes; outside
  ``data/`` and ``build/``).  When any exist every page but the login page
  needs a signed-in session, which expires.  A server on another address than
  loopback refuses to start without accounts.
"""

from __future__ import annotations

import getpass
import hmac
import ipaddress
import json
import os
import secrets
import time
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from ...errors import UsageError
from ...files import atomic_write
from ...i18n import _
from ...project import Project

SESSION_SECONDS = 8 * 3600       # a working day; then sign in again
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
OPEN_PATHS = ("/login", "/static/", "/fonts/")
USER_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-_.")


# --------------------------------------------------------------------------- hosts


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str, port: int) -> set[str]:
    """The Host headers this server answers to."""
    names = {"127.0.0.1", "localhost", "[::1]"} if is_loopback(host) else {host}
    return {f"{name}:{port}" for name in names} | ({name for name in names} if port == 80 else set())


class HostCheck:
    def __init__(self, app: ASGIApp, hosts: set[str]):
        self.app, self.hosts = app, {h.lower() for h in hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1").lower()
            if host not in self.hosts:
                await PlainTextResponse("Invalid Host header", status_code=400)(scope, receive, send)
                return
        await self.app(scope, receive, send)


# --------------------------------------------------------------------------- CSRF


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return token


def same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if origin is None:      # not sent by every browser for same-origin form posts; the token decides
        return True
    host = request.headers.get("host", "")
    return origin in (f"http://{host}", f"https://{host}")


async def csrf_ok(request: Request) -> bool:
    """The POST carries this session's token and, if the browser says where it comes from, comes from here."""
    expected = request.session.get("csrf")
    if not expected or not same_origin(request):
        return False
    sent = request.headers.get("x-csrf-token")
    if sent is None:
        form = await request.form()
        sent = form.get("csrf")
    return isinstance(sent, str) and hmac.compare_digest(sent, expected)


# --------------------------------------------------------------------------- accounts


class Accounts:
    def __init__(self, project: Project):
        self.file = project.root / ".brochure" / "users.json"
        self._hasher = PasswordHasher()

    def names(self) -> list[str]:
        return sorted(self._read())

    def exist(self) -> bool:
        return bool(self._read())

    def add(self, name: str, password: str) -> None:
        if not name or not set(name) <= USER_NAME_CHARS:
            raise UsageError(_("{name!r} cannot be a user name: use lower-case letters, digits, - _ and .").format(
                name=name))
        if len(password) < 8:
            raise UsageError(_("the password must have at least 8 characters"))
        users = self._read()
        users[name] = self._hasher.hash(password)
        atomic_write(self.file, json.dumps(users, indent=1, sort_keys=True).encode("utf-8"))
        os.chmod(self.file, 0o600)

    def verify(self, name: str, password: str) -> bool:
        stored = self._read().get(name)
        if stored is None:
            self._hasher.hash(password)     # the same time whether or not the name exists
            return False
        try:
            return self._hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}


def session_secret(project: Project) -> str:
    """Signs the session cookies; kept with the project so sessions survive a restart."""
    path = project.root / ".brochure" / "secret"
    try:
        secret = path.read_text(encoding="ascii").strip()
        if len(secret) >= 32:
            return secret
    except OSError:
        pass
    secret = secrets.token_urlsafe(48)
    atomic_write(path, secret.encode("ascii"))
    os.chmod(path, 0o600)
    return secret


def signed_in_user(request: Request, accounts_exist: bool) -> str | None:
    """Who is editing: the signed-in account, or (without accounts, on loopback) the machine's user."""
    if not accounts_exist:
        return _local_user()
    user, since = request.session.get("user"), request.session.get("since", 0)
    if user and time.time() - since < SESSION_SECONDS:
        return user
    return None


def _local_user() -> str:
    try:
        return getpass.getuser()
    except Exception:   # noqa: BLE001  (no such user in the password database: a container)
        return "staff"


def login_redirect(request: Request) -> RedirectResponse:
    return RedirectResponse(f"/login?next={request.url.path}", status_code=303)


def needs_login(path: str) -> bool:
    return not path.startswith(OPEN_PATHS)


def read_only_path(root: Path, relative: str) -> Path | None:
    """``relative`` inside ``root``, or None: a user's text never reaches outside the folder."""
    candidate = (root / relative).resolve()
    try:
        candidate.relative_to(root.resolve())
    except ValueError:
        return None
    return candidate if candidate.is_file() else None

"""The editor's web application: one Starlette app, pages rendered on the server.

Pages work without JavaScript; htmx (vendored, served from /static) only
makes the search answer as one types.  Preview images reload by themselves
through a server-sent event stream.  Every page is rendered with Jinja2's
autoescaping; nothing a user types becomes a path.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import (FileResponse, PlainTextResponse, RedirectResponse, Response,
                                 StreamingResponse)
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from ...errors import BrochureError
from ...i18n import _, speaking
from ...project import Project
from . import security
from .actions import Editor
from .rebuild import Rebuilder
from .workspace import Workspace

HERE = Path(__file__).resolve().parent


@dataclass
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    watch: bool = True          # follow edits made in a text editor
    build: bool = True          # rebuild after saves (tests of pages alone turn it off)


def language(request: Request) -> str:
    """Japanese unless the browser prefers English to Japanese."""
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in ("ja", "en"):
            return code
    return "ja"


def create_app(project: Project, settings: Settings | None = None) -> Starlette:
    settings = settings or Settings()
    accounts = security.Accounts(project)
    if not security.is_loopback(settings.host) and not accounts.exist():
        raise BrochureError(_("--host {host} is reachable from other machines: create an account first with "
                              "`brochure user add NAME`, then start the editor again").format(host=settings.host))
    workspace = Workspace(project)
    rebuilder = Rebuilder(project, watch=settings.watch) if settings.build else None
    editor = Editor(project, workspace, rebuilder)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    templates = Jinja2Templates(env=env)
    pages = Pages(project, editor, templates, accounts)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        if rebuilder is not None:
            rebuilder.start()
        try:
            yield
        finally:
            if rebuilder is not None:
                await asyncio.to_thread(rebuilder.stop)

    routes = [
        Route("/", lambda r: RedirectResponse("/contacts", 303)),
        Route("/login", pages.login, methods=["GET", "POST"]),
        Route("/logout", pages.logout, methods=["POST"]),
        Route("/contacts", pages.contacts),
        Route("/contacts/new", pages.new_contact, methods=["GET", "POST"]),
        Route("/contacts/{cid}", pages.contact, methods=["GET", "POST"]),
        Route("/contacts/{cid}/delete", pages.delete_contact, methods=["POST"]),
        Route("/contacts/{cid}/check", pages.check_field, methods=["POST"]),
        Route("/leaflets", pages.leaflets),
        Route("/leaflets/{name}", pages.leaflet),
        Route("/leaflets/{name}/edit", pages.edit_leaflet, methods=["POST"]),
        Route("/leaflets/{name}/diff", pages.diff),
        Route("/leaflets/{name}/picture", pages.picture, methods=["POST"]),
        Route("/history", pages.history),
        Route("/history/{number:int}/undo", pages.undo, methods=["POST"]),
        Route("/files/{path:path}", pages.file),
        Route("/events", pages.events),
        Route("/fonts/{name}", pages.font),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [
        Middleware(security.HostCheck, hosts=security.allowed_hosts(settings.host, settings.port)),
        Middleware(SessionMiddleware, secret_key=security.session_secret(project), session_cookie="brochure_session",
                   max_age=security.SESSION_SECONDS, same_site="strict", https_only=False),
        Middleware(Guard, accounts=accounts),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.editor, app.state.rebuilder = editor, rebuilder
    return app


class Guard:
    """Logins and CSRF for every request, before any page runs (a route cannot forget them)."""

    def __init__(self, app, accounts: security.Accounts):
        self.app, self.accounts = app, accounts

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if scope["method"] not in security.SAFE_METHODS:
            body = await _read_body(receive)
            if body is None:
                await PlainTextResponse("request too large", status_code=413)(scope, receive, send)
                return
            receive = _replay(body, receive)
        request = Request(scope, receive)
        user = security.signed_in_user(request, self.accounts.exist())
        if user is None and security.needs_login(path):
            await security.login_redirect(request)(scope, receive, send)
            return
        if request.method not in security.SAFE_METHODS and not await security.csrf_ok(request):
            await PlainTextResponse("CSRF token missing or invalid: reload the page and try again",
                                    status_code=403)(scope, receive, send)
            return
        scope["user"] = user
        await self.app(scope, _replay(body, receive) if scope["method"] not in security.SAFE_METHODS else receive,
                       send)


MAX_BODY = 20 * 1024 * 1024   # a logo or a photo; anything larger is not a leaflet's


async def _read_body(receive) -> bytes | None:
    body, more = b"", True
    while more:
        message = await receive()
        body += message.get("body", b"")
        more = message.get("more_body", False)
        if len(body) > MAX_BODY:
            return None
    return body


def _replay(body: bytes, receive):
    """A receive that gives the body read once already (the CSRF check read it), then waits as the
    original does (for the client to disconnect)."""
    sent = False

    async def replay():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()
    return replay


class Pages:
    def __init__(self, project: Project, editor: Editor, templates: Jinja2Templates, accounts: security.Accounts):
        self.project, self.editor, self.templates, self.accounts = project, editor, templates, accounts

    def render(self, request: Request, template_name: str, http_status: int = 200, **context: Any) -> Response:
        lang = language(request)
        context.update(lang=lang, t=lambda ja, en: ja if lang == "ja" else en, csrf=security.csrf_token(request),
                       user=request.scope.get("user"), accounts=self.accounts.exist(),
                       status=self.editor.status(), path=request.url.path)
        return self.templates.TemplateResponse(request, template_name, context, status_code=http_status)

    # ------------------------------------------------------------------ login

    async def login(self, request: Request) -> Response:
        error = False
        if request.method == "POST":
            form = await request.form()
            name, password = str(form.get("name", "")), str(form.get("password", ""))
            if await asyncio.to_thread(self.accounts.verify, name, password):
                request.session.clear()
                request.session.update(user=name, since=__import__("time").time())
                target = str(request.query_params.get("next", "/"))
                return RedirectResponse(target if target.startswith("/") and not target.startswith("//") else "/",
                                        303)
            error = True
        return self.render(request, "login.html", 401 if error else 200, error=error)

    async def logout(self, request: Request) -> Response:
        request.session.clear()
        return RedirectResponse("/login", 303)

    # ------------------------------------------------------------------ contacts

    async def contacts(self, request: Request) -> Response:
        query = request.query_params.get("q", "")
        snapshot, rows, total = self.editor.contact_rows(query)
        template = "contact_rows.html" if request.headers.get("hx-request") else "contacts.html"
        return self.render(request, template, query=query, rows=rows, total=total, problems=snapshot.problems)

    async def contact(self, request: Request) -> Response:
        cid = request.path_params["cid"]
        lang = language(request)
        if request.method == "GET":
            with speaking(lang):
                view = self.editor.contact_view(cid, lang)
            if view is None:
                return self.render(request, "missing.html", 404, what=cid)
            saved = request.query_params.get("saved", "")
            entry = self.editor.history.get(int(saved)) if saved.isdigit() and saved != "0" else None
            view["saved"] = entry.summary if entry else None
            return self.render(request, "contact.html", **view)
        form = dict((await request.form()).multi_items())
        with speaking(lang):
            outcome = await asyncio.to_thread(self.editor.save_contact, cid, form, lang,
                                              request.scope["user"])
        if outcome.get("redirect"):
            return RedirectResponse(outcome["redirect"], 303)
        template = outcome.pop("template", "contact.html")
        return self.render(request, template, outcome.pop("status", 200), **outcome)

    async def check_field(self, request: Request) -> Response:
        """The build's checks of one field as it is typed (htmx posts the form when a field changes);
        nothing is written."""
        cid = request.path_params["cid"]
        form = dict((await request.form()).multi_items())
        name = request.headers.get("hx-trigger-name", "")
        with speaking(language(request)):
            errors, fixable = self.editor.check_field(cid, form, name)
        return self.render(request, "field_check.html", errors=errors, fixable=fixable, name=name, checked=bool(name),
                           fid="f-" + name.replace(".", "-"))

    async def new_contact(self, request: Request) -> Response:
        lang = language(request)
        if request.method == "GET":
            return self.render(request, "contact.html", **self.editor.new_contact_view(lang))
        form = dict((await request.form()).multi_items())
        with speaking(lang):
            outcome = await asyncio.to_thread(self.editor.add_contact, form, lang, request.scope["user"])
        if outcome.get("redirect"):
            return RedirectResponse(outcome["redirect"], 303)
        return self.render(request, "contact.html", outcome.pop("status", 422), **outcome)

    async def delete_contact(self, request: Request) -> Response:
        cid = request.path_params["cid"]
        with speaking(language(request)):
            outcome = await asyncio.to_thread(self.editor.delete_contact, cid, request.scope["user"])
        if outcome.get("redirect"):
            return RedirectResponse(outcome["redirect"], 303)
        outcome.pop("status", None)
        return self.render(request, "refused.html", 409, **outcome)

    # ------------------------------------------------------------------ leaflets

    async def leaflets(self, request: Request) -> Response:
        return self.render(request, "leaflets.html", leaflets=self.editor.leaflet_rows())

    async def leaflet(self, request: Request) -> Response:
        view = self.editor.leaflet_view(request.path_params["name"])
        if view is None:
            return self.render(request, "missing.html", 404, what=request.path_params["name"])
        return self.render(request, "leaflet.html", **view)

    def leaflet_outcome(self, request: Request, name: str, outcome: dict) -> Response:
        """After an edit of a leaflet: to its page when it was saved, else the page with what went wrong."""
        if outcome.get("redirect"):
            return RedirectResponse(outcome["redirect"], 303)
        view = self.editor.leaflet_view(name)
        if view is None:
            return self.render(request, "missing.html", 404, what=name)
        http_status = outcome.pop("status", 422)
        view.update(outcome)
        return self.render(request, "leaflet.html", http_status, **view)

    async def edit_leaflet(self, request: Request) -> Response:
        name = request.path_params["name"]
        form = dict((await request.form()).multi_items())
        with speaking(language(request)):
            outcome = await asyncio.to_thread(self.editor.edit_leaflet, name, form, request.scope["user"])
        return self.leaflet_outcome(request, name, outcome)

    async def picture(self, request: Request) -> Response:
        """A picture uploaded onto a panel (multipart form: panel, alt, file)."""
        name = request.path_params["name"]
        form = await request.form()
        upload = form.get("file")
        data = await upload.read() if hasattr(upload, "read") else b""
        fields = {"panel": str(form.get("panel", "")), "alt": str(form.get("alt", "")),
                  "filename": getattr(upload, "filename", "") or ""}
        with speaking(language(request)):
            outcome = await asyncio.to_thread(self.editor.leaflets.add_picture, name, fields, data,
                                              request.scope["user"])
        return self.leaflet_outcome(request, name, outcome)

    async def diff(self, request: Request) -> Response:
        from .editions import side_by_side
        name = request.path_params["name"]
        if name not in self.project.brochure_names():
            return self.render(request, "missing.html", 404, what=name)
        old, new = request.query_params.get("old") or None, request.query_params.get("new") or None
        try:
            with speaking(language(request)):
                report = await asyncio.to_thread(side_by_side, self.project, name, old, new)
        except BrochureError as error:
            return self.render(request, "refused.html", 409, refused="diff", message=str(error))
        return self.render(request, "diff.html", name=name, **report)

    # ------------------------------------------------------------------ history, files, events

    async def history(self, request: Request) -> Response:
        return self.render(request, "history.html", entries=self.editor.history.entries()[:200])

    async def undo(self, request: Request) -> Response:
        with speaking(language(request)):
            outcome = await asyncio.to_thread(self.editor.undo, request.path_params["number"],
                                              request.scope["user"])
        if outcome.get("redirect"):
            return RedirectResponse(outcome["redirect"], 303)
        outcome.pop("status", None)
        return self.render(request, "refused.html", 409, **outcome)

    async def file(self, request: Request) -> Response:
        """PDFs and preview images from build/ only."""
        path = security.read_only_path(self.project.build, request.path_params["path"])
        if path is None or path.suffix not in (".pdf", ".png"):
            return PlainTextResponse("not found", status_code=404)
        return FileResponse(path, headers={"Cache-Control": "no-cache"})

    async def font(self, request: Request) -> Response:
        """The project's bundled fonts, so Japanese shows on a computer without Japanese fonts."""
        path = security.read_only_path(self.project.fonts, request.path_params["name"])
        if path is None or path.suffix.lower() not in (".ttf", ".otf", ".woff", ".woff2"):
            return PlainTextResponse("not found", status_code=404)
        return FileResponse(path, headers={"Cache-Control": "max-age=86400"})

    async def events(self, request: Request) -> Response:
        """Server-sent events: the build's version each time it moves, so pages reload their images."""
        rebuilder = self.editor.rebuilder

        async def stream():
            seen = -1
            while not await request.is_disconnected():
                version = rebuilder.status.version if rebuilder else 0
                if version != seen:
                    seen = version
                    yield f"event: built\ndata: {json.dumps({'version': version})}\n\n"
                await asyncio.sleep(0.1)

        return StreamingResponse(stream(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})



__all__ = ["create_app", "Settings"]

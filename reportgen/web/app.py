"""The web application: Flask, server-side pages, and the rules every request passes.

Flask because everything beneath it is synchronous (SQLite, WeasyPrint, openpyxl), its pages are
Jinja like reportgen's templates, and its test client lets every route be tried for every role.
Before any view runs, the request must come with a live session and a view that declares the
signed-in role (``access.allow``); every form carries a CSRF token (Flask-WTF); every answer
carries headers that keep it out of frames, caches and other origins' scripts.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from flask import Flask, g, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from reportgen.errors import LedgerInvalid, ReportgenError, os_failure
from reportgen.resources import builtin_templates
from reportgen.web import state_dir
from reportgen.web.access import allowed
from reportgen.web.site import Site
from reportgen.web.users import LONGEST

MAX_UPLOAD = 20 * 1024 * 1024
"""The largest upload accepted: a ledger of 100,000 rows is well under this."""
OPEN_ENDPOINTS = {"auth.sign_in", "static"}
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cache-Control": "no-store",
}


def create_app(workspace: Path) -> Flask:
    """The app serving one county workspace."""
    web = builtin_templates() / "web"
    app = Flask(
        "reportgen.web",
        template_folder=str(web),
        static_folder=str(web / "static"),
        static_url_path="/static",
    )
    site = Site.open(workspace)
    app.extensions["reportgen"] = site
    app.config.update(
        SECRET_KEY=_secret_key(site.root),
        MAX_CONTENT_LENGTH=MAX_UPLOAD,
        SESSION_COOKIE_NAME="reportgen_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=LONGEST,
        WTF_CSRF_TIME_LIMIT=int(LONGEST.total_seconds()),
    )
    CSRFProtect(app)
    app.before_request(_signed_in)
    app.after_request(_headers)
    app.register_error_handler(ReportgenError, _refused)
    app.register_error_handler(OSError, lambda error: _refused(os_failure(error)))
    app.register_error_handler(CSRFError, _csrf)
    app.register_error_handler(HTTPException, _http)
    _register_pages(app)
    return app


def _register_pages(app: Flask) -> None:
    from reportgen.web.pages import admin, auth, cases, documents, ledger, register, reports

    for module in (auth, cases, documents, ledger, register, reports, admin):
        app.register_blueprint(module.pages)


def _secret_key(root: Path) -> bytes:
    """The key that signs session cookies: made once per workspace, readable by its owner only."""
    path = state_dir(root) / "secret_key"
    if not path.is_file():
        path.touch(mode=0o600)
        path.write_bytes(secrets.token_bytes(32))
    return path.read_bytes()


def _signed_in() -> Response | None:
    """Every request but sign-in needs a live session, and a view open to the user's role."""
    from reportgen.web.site import site

    token = session.get("token")
    g.user = site().users.session_user(token) if isinstance(token, str) else None
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    if g.user is None:
        session.pop("token", None)
        return redirect(url_for("auth.sign_in", next=request.full_path))
    view = app_view()
    if view is None:
        return None  # no such page: Flask answers 404
    if not allowed(view, g.user):
        return _page("error.html", 403, message="您的账户没有打开这个页面的权限。")
    return None


def app_view() -> Any:
    """The view function the request is for, if any."""
    from flask import current_app

    return current_app.view_functions.get(request.endpoint or "")


def _headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _page(template: str, status: int, **values: Any) -> Response:
    response = Response(render_template(template, **values), status, mimetype="text/html")
    return response


def _refused(error: ReportgenError) -> Response:
    """A library error as the command line would say it, on a page; nothing was changed."""
    problems = [str(p) for p in error.problems] if isinstance(error, LedgerInvalid) else []
    return _page("error.html", 422, message=str(error), problems=problems)


def _csrf(error: CSRFError) -> Response:
    return _page("error.html", 400, message="表单已过期或不是从本站提交的：请刷新页面后重新提交。")


def _http(error: HTTPException) -> Response:
    messages = {
        403: "您的账户没有这项权限。",
        404: "没有这个页面，或者它不属于您的乡镇、学校。",
        405: "这个页面不能这样打开。",
        413: f"上传的文件太大：最大 {MAX_UPLOAD // 1024 // 1024} MB。",
    }
    code = error.code or 500
    return _page("error.html", code, message=messages.get(code, error.description or ""))

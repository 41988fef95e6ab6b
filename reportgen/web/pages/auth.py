"""Signing in and out, the home page, and one's own password."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from reportgen.errors import UsageProblem
from reportgen.web.access import EVERYONE, allow
from reportgen.web.pages import form_text
from reportgen.web.site import address, record, site, user
from reportgen.web.users import SignInRefused

pages = Blueprint("auth", __name__)


@pages.route("/login", methods=["GET", "POST"])
def sign_in() -> str | Response:
    """The sign-in form; a wrong name or password says so without saying which."""
    message = ""
    if request.method == "POST":
        name = form_text("name")
        try:
            token = site().users.sign_in(name, request.form.get("password") or "", address())
        except SignInRefused as refused:
            site().audit.record(name, address(), "登录失败", str(refused))
            message = str(refused)
        else:
            session.clear()
            session.permanent = True
            session["token"] = token
            site().audit.record(name, address(), "登录")
            return redirect(_safe_next(request.args.get("next")))
    return render_template("login.html", message=message)


def _safe_next(target: str | None) -> str:
    """Where to go after signing in: a page of this site only, never another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("auth.home")


@pages.post("/logout")
@allow(*EVERYONE)
def sign_out() -> Response:
    """End the session here and on the server."""
    record("退出登录")
    token = session.get("token")
    if isinstance(token, str):
        site().users.sign_out(token)
    session.clear()
    return redirect(url_for("auth.sign_in"))


@pages.get("/")
@allow(*EVERYONE)
def home() -> str:
    """What the user can do, by role."""
    return render_template("home.html", profile=site().profile())


@pages.route("/password", methods=["GET", "POST"])
@allow(*EVERYONE)
def password() -> str | Response:
    """Change one's own password: the old one first; every session ends, so sign in again."""
    if request.method == "GET":
        return render_template("password.html")
    users = site().users
    try:
        users.sign_in(user().name, request.form.get("old") or "", address())
    except SignInRefused:
        raise UsageProblem("原密码不对") from None
    new = request.form.get("new") or ""
    if new != (request.form.get("again") or ""):
        raise UsageProblem("两次输入的新密码不一样")
    users.set_password(user().name, new)
    record("修改密码")
    session.clear()
    return redirect(url_for("auth.sign_in"))

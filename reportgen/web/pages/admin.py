"""The county administrator's pages: the profile, template overrides, accounts and the audit log.

A profile or template is put in place only after the library has read it as the batch will: the
profile through ``load_profile``, a template through ``templates check`` (which also tries it on the
sample county). The file replaced is kept in the workspace's history.
"""

from __future__ import annotations

import shutil

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from reportgen.documents import DocumentKind, kind_of, kinds
from reportgen.errors import ReportgenError, UsageProblem
from reportgen.profile import load_profile
from reportgen.render.template_tools import check
from reportgen.web.access import allow
from reportgen.web.pages import form_text
from reportgen.web.site import record, site
from reportgen.web.uploads import save_upload
from reportgen.web.users import Role, User

pages = Blueprint("admin", __name__, url_prefix="/admin")
TEMPLATE_FILES = {".docx": (b"PK\x03\x04",), ".html": ()}


@pages.route("/profile", methods=["GET", "POST"])
@allow(Role.county)
def profile() -> str | Response:
    """The county profile in a text box; saved only when it reads as a valid profile."""
    target = site().workspace.profile
    if request.method == "GET":
        return render_template("profile.html", text=target.read_text(encoding="utf-8"), message="")
    text = (request.form.get("text") or "").replace("\r\n", "\n")
    trial = target.with_name(f".{target.name}.trial")  # beside it: relative paths resolve alike
    trial.write_text(text, encoding="utf-8")
    try:
        load_profile(trial)
    except ReportgenError as error:
        message = str(error).replace(str(trial), target.name)
        return render_template("profile.html", text=text, message=message)
    finally:
        trial.unlink(missing_ok=True)
    site().keep_history(target)
    staged = target.with_name(f".{target.name}.new")
    staged.write_text(text, encoding="utf-8")
    staged.replace(target)
    record("修改县区配置", target.name)
    return redirect(url_for("admin.profile"))


def _overrides() -> list[tuple[DocumentKind, list[str]]]:
    """Each kind, with the names of the county's own templates of it."""
    folder = site().profile().templates_dir
    return [
        (
            kind,
            [
                f"{kind.template}{suffix}"
                for suffix in TEMPLATE_FILES
                if (folder / f"{kind.template}{suffix}").is_file()
            ],
        )
        for kind in kinds().values()
    ]


@pages.get("/templates")
@allow(Role.county)
def templates() -> str:
    """Each kind, and the county's own template of it where there is one."""
    return render_template("templates.html", rows=_overrides(), findings=None)


@pages.post("/templates")
@allow(Role.county)
def upload_template() -> str | Response:
    """A Word or HTML template, checked on the sample county before it is put in place."""
    kind = kind_of(form_text("kind"))
    kept = save_upload(TEMPLATE_FILES, "Word 模板（.docx）或 HTML 模板（.html）")
    if kept.path.suffix == ".html":
        try:
            kept.path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise UsageProblem("HTML 模板要存为 UTF-8 编码") from None
    trial = kept.path.parent / kept.token / "templates" / f"{kind.template}{kept.path.suffix}"
    trial.parent.mkdir(parents=True)
    shutil.move(kept.path, trial)
    findings = check(trial, kind.key)
    if findings:
        record("模板检查未通过", f"{kind.title}：{kept.name}，{len(findings)} 处问题")
        return render_template(
            "templates.html", rows=_overrides(), findings=findings, name=kept.name
        )
    target = site().profile().templates_dir / f"{kind.template}{trial.suffix}"
    target.parent.mkdir(parents=True, exist_ok=True)
    site().keep_history(target)
    shutil.copyfile(trial, target)
    record("更换模板", f"{kind.title}：{kept.name} → {target.relative_to(site().root)}")
    return redirect(url_for("admin.templates"))


@pages.post("/templates/remove")
@allow(Role.county)
def remove_template() -> Response:
    """Take a county template away: the built-in one is used again."""
    kind = kind_of(form_text("kind"))
    suffix = form_text("suffix")
    if suffix not in TEMPLATE_FILES:
        raise UsageProblem("只能删除 .docx 或 .html 模板")
    target = site().profile().templates_dir / f"{kind.template}{suffix}"
    site().keep_history(target)
    target.unlink(missing_ok=True)
    record("删除模板", f"{kind.title}：{target.name}")
    return redirect(url_for("admin.templates"))


@pages.get("/users")
@allow(Role.county)
def users() -> str:
    """Every account."""
    return render_template("users.html", users=site().users.users(), roles=list(Role))


@pages.post("/users")
@allow(Role.county)
def add_user() -> Response:
    """A new account, as ``reportgen users add`` makes it."""
    role = form_text("role")
    if role not in Role.__members__:
        raise UsageProblem("请选择角色")
    account = User(form_text("name"), Role(role), form_text("township"), form_text("school"))
    if not account.name:
        raise UsageProblem("请填写用户名")
    site().users.add(account, request.form.get("password") or "", site().profile())
    record("新建账户", f"{account.name}（{account.role.label} {account.scope}）")
    return redirect(url_for("admin.users"))


@pages.post("/users/<name>/<change>")
@allow(Role.county)
def change_user(name: str, change: str) -> Response:
    """Disable, enable, or set a new password for an account."""
    store = site().users
    if change == "disable":
        store.set_disabled(name, True)
    elif change == "enable":
        store.set_disabled(name, False)
    elif change == "password":
        store.set_password(name, request.form.get("password") or "")
    else:
        raise UsageProblem("不认识的操作")
    record({"disable": "停用账户", "enable": "启用账户", "password": "重设密码"}[change], name)
    return redirect(url_for("admin.users"))


@pages.get("/audit")
@allow(Role.county)
def audit() -> str:
    """The latest changes: who, when, from where, what."""
    return render_template("audit.html", actions=site().audit.recent())

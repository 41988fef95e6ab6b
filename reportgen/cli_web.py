"""``reportgen serve`` and ``reportgen users``: the web pages and their accounts.

Kept apart from ``cli.py`` (which registers them) so that the command-line module stays short;
the commands use the same ``command()`` wrapper, so their failures are messages and exit codes.
"""

from __future__ import annotations

import ipaddress
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from reportgen.cli import Format, app, command, find_profile
from reportgen.errors import EnvironmentProblem, UsageProblem

if TYPE_CHECKING:
    from flask import Flask

users_app = typer.Typer(help="网页的账户：新建、改密码、停用、列出。", no_args_is_help=True)
app.add_typer(users_app, name="users")

DEFAULT_PORT = 8000


def _workspace_here() -> Path:
    found = find_profile(Path.cwd())
    if found is None:
        raise UsageProblem(
            "没有指定县区工作文件夹：请用 --workspace 给出含 profile.yaml 的文件夹，或在该文件夹中运行"
        )
    return found.parent


WorkspaceOption = Annotated[
    Path,
    typer.Option(
        "--workspace",
        "-w",
        default_factory=_workspace_here,
        show_default="当前文件夹或上级文件夹中含 profile.yaml 的文件夹",
        help="县区工作文件夹（profile.yaml、台账.xlsx、文号登记.sqlite、templates/）",
    ),
]
PortOption = Annotated[int, typer.Option("--port", min=1, max=65535, help="端口")]


@command()
def serve(
    workspace: WorkspaceOption,
    port: PortOption = DEFAULT_PORT,
    host: Annotated[
        str,
        typer.Option("--host", help="监听的地址；默认只有本机能打开，0.0.0.0 为局域网中所有电脑"),
    ] = "127.0.0.1",
) -> None:
    """在浏览器中使用：启动网页，本机（或局域网中）的工作人员用浏览器登录。"""
    from reportgen.web.app import create_app

    web = create_app(workspace)
    run_server(web, host, port)


def run_server(web: Flask, host: str, port: int) -> None:
    """Say where the pages are and what the address exposes, then serve until Ctrl-C."""
    import waitress

    from reportgen.web.site import site_of

    site = site_of(web)
    typer.echo(f"工作文件夹：{site.root}")
    if not site.users.users():
        typer.echo(
            "还没有账户。先新建县级管理员（按提示输入密码），再刷新登录页：\n"
            f"  reportgen users add 管理员 --role county --workspace {site.root}"
        )
    if not _loopback(host):
        typer.echo(
            f"注意：监听 {host}，局域网中能连到本机的任何电脑都能打开登录页；"
            "数据以明文 HTTP 传输，请只在单位内网使用，或在前面加 HTTPS 反向代理，并为每人设置足够长的密码。"
            f"其他电脑用本机的局域网地址打开，如 http://192.168.1.10:{port}/（Windows 上用 ipconfig 查看本机地址）。"
        )
    try:
        server = waitress.create_server(web, host=host, port=port, threads=8)
    except OSError as error:
        raise EnvironmentProblem(
            f"无法在 {host}:{port} 上启动：{error.strerror or error}；"
            "端口可能已被占用，请用 --port 换一个"
        ) from None
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    typer.echo(f"请用浏览器打开 http://{shown}:{port}/ （按 Ctrl-C 停止）")
    sys.stdout.flush()
    try:
        server.run()  # returns on Ctrl-C once the requests under way are answered
    finally:
        server.close()
        typer.echo("已停止")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


RoleOption = Annotated[
    str,
    typer.Option("--role", help="county（县级管理员）、township（乡镇经办人）或 school（学校）"),
]
PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="从标准输入读一行作为密码（供脚本使用），不提示")
]


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    text: str = typer.prompt(
        "密码（至少 8 个字符）", hide_input=True, confirmation_prompt="再输一次"
    )
    return text


@command(users_app, "add")
def users_add(
    name: Annotated[str, typer.Argument(help="用户名（登录时输入）")],
    role: RoleOption,
    workspace: WorkspaceOption,
    township: Annotated[str, typer.Option("--township", help="乡镇经办人的乡镇")] = "",
    school: Annotated[str, typer.Option("--school", help="学校账户的学校")] = "",
    password_stdin: PasswordStdin = False,
) -> None:
    """新建一个网页账户：县级管理员管理全县，乡镇经办人只看本乡镇，学校只看本校。"""
    from reportgen.web.site import Site
    from reportgen.web.users import Role, User

    if role not in Role.__members__:
        raise UsageProblem(f"--role 应为 county、township 或 school，不是 {role}")
    site = Site.open(workspace)
    account = User(name.strip(), Role(role), township.strip(), school.strip())
    site.users.add(account, _password(password_stdin), site.profile())
    site.audit.record(
        _operator(), "命令行", "新建账户", f"{account.name}（{account.role.label} {account.scope}）"
    )
    typer.echo(f"已新建账户 {account.name}：{account.role.label}，{account.scope}")


@command(users_app, "passwd")
def users_passwd(
    name: Annotated[str, typer.Argument(help="用户名")],
    workspace: WorkspaceOption,
    password_stdin: PasswordStdin = False,
) -> None:
    """为账户设置新密码；它已登录的网页随之退出。"""
    from reportgen.web.site import Site

    site = Site.open(workspace)
    site.users.set_password(name, _password(password_stdin))
    site.audit.record(_operator(), "命令行", "重设密码", name)
    typer.echo(f"已为 {name} 设置新密码")


@command(users_app, "disable")
def users_disable(
    name: Annotated[str, typer.Argument(help="用户名")],
    workspace: WorkspaceOption,
    enable: Annotated[bool, typer.Option("--enable", help="重新启用")] = False,
) -> None:
    """停用账户（立即退出登录，不能再登录）；--enable 重新启用。"""
    from reportgen.web.site import Site

    site = Site.open(workspace)
    site.users.set_disabled(name, not enable)
    site.audit.record(_operator(), "命令行", "启用账户" if enable else "停用账户", name)
    typer.echo(f"已{'启用' if enable else '停用'}账户 {name}")


@command(users_app, "list")
def users_list(
    workspace: WorkspaceOption,
    output_format: Annotated[Format, typer.Option("--format", help="table 或 json")] = Format.table,
) -> None:
    """列出网页账户：用户名、角色、乡镇或学校、是否停用。"""
    from reportgen.output.machine import dumps
    from reportgen.web.site import Site

    accounts = Site.open(workspace).users.users()
    if output_format is Format.json:
        typer.echo(
            dumps(
                [
                    {
                        "name": a.name,
                        "role": a.role.value,
                        "township": a.township,
                        "school": a.school,
                        "disabled": a.disabled,
                    }
                    for a in accounts
                ]
            )
        )
        return
    for account in accounts:
        state = "（已停用）" if account.disabled else ""
        typer.echo(f"{account.name}\t{account.role.label}\t{account.scope}{state}")
    typer.echo(f"共 {len(accounts)} 个账户")


def _operator() -> str:
    from reportgen.casework.register import user

    return user() or "命令行"


def serve_demo(out: Path, port: int) -> None:
    """``reportgen demo --serve``: the sample county as a workspace in ``out``, served, with the
    demo accounts and their passwords printed."""
    from reportgen.web.app import create_app
    from reportgen.web.demo import prepare_demo

    workspace, accounts = prepare_demo(out)
    typer.echo("演示账户（密码每次启动重新生成）：")
    for account, password in accounts:
        typer.echo(f"  {account.name}\t密码 {password}\t{account.role.label} {account.scope}")
    typer.echo(f"可以先上传 {workspace / 'demo-有错误的台账.xlsx'} 试试校验")
    run_server(create_app(workspace), "127.0.0.1", port)

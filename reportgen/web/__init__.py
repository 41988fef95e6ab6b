"""``reportgen serve``: the county's reportgen in the browser, a second front end over the library.

One machine runs the server and owns one county workspace (profile, ledger, register, templates);
everyone else signs in with a browser. The pages call the same library functions as the command
line — validation, follow-up, batches, register, exports, reports, template checks — and add only
what a shared server needs: accounts with roles, sessions, CSRF protection, an audit log, uploads
kept inside the workspace and long batches in the background.

The server's own files (accounts, sessions, audit log, uploads, generated batches) live in the
workspace's ``.reportgen`` folder, never inside the package.
"""

from __future__ import annotations

from pathlib import Path

STATE_DIR = ".reportgen"
"""The workspace folder the server keeps its own files in."""


def state_dir(workspace: Path) -> Path:
    """The server's folder inside a workspace, made on first use and readable by its owner only."""
    folder = workspace / STATE_DIR
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder

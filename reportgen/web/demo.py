"""``reportgen demo --serve``: the sample county as a workspace of its own, with demo accounts.

The workspace is a copy (the sample shipped with reportgen is never written to), kept between
runs so that what was numbered and served stays; the accounts get new passwords at each start.
A copy of the ledger with a few typical mistakes stands beside it, to try the upload page on.
"""

from __future__ import annotations

import secrets
import shutil
from pathlib import Path

from openpyxl import load_workbook

from reportgen.demo import sample_workspace
from reportgen.resources import builtin_templates
from reportgen.web.users import Role, User, UserStore
from reportgen.workspace import CONTENT_FILE, OVERRIDES_DIR, Workspace

DEMO_FOLDER = "示范县"
MESSY_LEDGER = "demo-有错误的台账.xlsx"
SAMPLE_FILES = ("profile.yaml", "台账.xlsx", "统计.yaml", "资助名单.xlsx", "适龄儿童名册.xlsx")
ACCOUNTS = (
    User("admin", Role.county),
    User("chengguan", Role.township, township="城关镇"),
    User("xuexiao", Role.school, school="城关中心小学"),
)
MISTAKES = {
    "身份证号码": "410526201403050011",  # a wrong check digit
    "离校日期": "2025年13月5日",
    "核查类别": "Z",
}
"""One typical mistake per column, written into the messy copy's first rows."""


def prepare_demo(out: Path) -> tuple[Path, list[tuple[User, str]]]:
    """The demo workspace in ``out`` (made on first use) and each demo account with its password."""
    root = out / DEMO_FOLDER
    if not Workspace(root).profile.is_file():
        root.mkdir(parents=True, exist_ok=True)
        for name in SAMPLE_FILES:
            shutil.copyfile(sample_workspace() / name, root / name)
        shutil.copyfile(builtin_templates() / "reports" / "content.yaml", root / CONTENT_FILE)
        (root / OVERRIDES_DIR).mkdir(exist_ok=True)
        write_messy_ledger(root / "台账.xlsx", root / MESSY_LEDGER)
    from reportgen.profile import load_profile

    profile = load_profile(Workspace(root).profile)
    store = UserStore(root)
    known = {user.name for user in store.users()}
    accounts = []
    for account in ACCOUNTS:
        password = secrets.token_urlsafe(9)
        if account.name in known:
            store.set_password(account.name, password)
            store.set_disabled(account.name, False)
        else:
            store.add(account, password, profile)
        accounts.append((account, password))
    return root, accounts


def write_messy_ledger(ledger: Path, target: Path) -> Path:
    """A copy of the ledger with one mistake in each of a few columns, a row apart."""
    workbook = load_workbook(ledger)
    sheet = workbook["台账"]
    header_row = next(
        number
        for number, values in enumerate(sheet.iter_rows(max_row=20, values_only=True), 1)
        if "身份证号码" in values
    )
    headers = [cell.value for cell in sheet[header_row]]
    for offset, (header, value) in enumerate(MISTAKES.items(), 1):
        sheet.cell(header_row + offset, headers.index(header) + 1, value)
    workbook.save(target)
    return target

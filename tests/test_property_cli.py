"""Random ledgers, profiles and templates through the commands a user runs: never a traceback,
never a hang, never a file written outside the output folder.

Each example is a fresh county folder with a generated ledger (messy cells, control characters,
odd dates), a generated profile (deadline rule, townships, notice wording) and, sometimes, a
generated override of the notice (snippets of Jinja, hostile and harmless). ``validate``,
``notices``, ``ledger`` and ``report`` run on it; each must end with one of the documented exit
codes, and the only new files are in the output folders and the register beside the profile.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import yaml
from conftest import BOY_2014, GIRL_2013, HEADERS, persuaded, save_xlsx
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from reportgen.cli import app
from reportgen.errors import ExitCode

runner = CliRunner()
STATS = "years:\n  - school_year: 2026\n    students: {小学: 1000, 初中: 500}\n"
CODES = {int(code) for code in ExitCode}
NAMES = st.sampled_from(
    ["张三", "李四", "吉𠮷", "王\u202e五", "赵_x0001_六", "", "=1+1", "<b>x</b>"]
)
IDS = st.sampled_from(
    [BOY_2014, GIRL_2013, "410526201406060010", "12345", "", "41052620140305001x"]
)
DATES = st.one_of(
    st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 1, 1)).map(str),
    st.sampled_from(["2025-13-01", "2026年9月8日", "昨天", "", "45123"]),
)
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=8)
"""Text as openpyxl can write it; control characters come in Excel's own spelling (_x0001_)."""
CELLS = st.one_of(TEXT, st.integers(-5, 10**6), st.none())
SNIPPETS = st.sampled_from(
    [
        "{{ student.name }}",
        "{{ guardian.name|e }}",
        "{% for i in range(3) %}{{ i }}{% endfor %}",
        "{% for i in range(10**6) %}{% for j in range(10**6) %}{% endfor %}{% endfor %}",
        "{{ 'x' * 10**8 }}",
        "{{ 1 / 0 }}",
        "{{ nothing_here }}",
        "{% if %}",
        '<img src="http://127.0.0.1:9/a.png">',
        '<a rel="attachment" href="file:///etc/passwd">x</a>',
        "{% include '../../etc/passwd' %}",
        "{{ ''.__class__.__mro__ }}",
        "<p>{{ doc_number }}</p>",
        "\x00",
    ]
)


def ledger_row(seq: int, values: dict[str, Any]) -> list[Any]:
    cells = [seq, values["name"], values["gender"], values["id"], values["township"], "城关中心小学",
             values["grade"], values["guardian"], values["phone"], values["category"], values["left"],
             values["status"]]  # fmt: skip
    return cells


VALID_ROW = {
    "name": "张三", "gender": "男", "id": BOY_2014, "township": "城关镇", "grade": "三年级",
    "guardian": "王建国", "phone": "13912345678", "category": "L", "left": "2026-09-08",
    "status": "劝返中",
}  # fmt: skip
VALID_PROFILE = {
    "county": "示范县",
    "townships": [{"name": "城关镇", "abbreviation": "城政控学"}],
    "deadline": {"days": 7, "kind": "working"},
}
ROWS = st.lists(
    st.just(VALID_ROW)
    | st.fixed_dictionaries(
        {
            "name": NAMES,
            "gender": st.sampled_from(["男", "女", "", "X"]),
            "id": IDS,
            "township": st.sampled_from(["城关镇", "城关", "火星乡", ""]),
            "grade": st.one_of(st.sampled_from(["三年级", "初二", "九", ""]), CELLS),
            "guardian": NAMES,
            "phone": st.one_of(st.sampled_from(["13912345678", "0372-5551234", "abc"]), CELLS),
            "category": st.sampled_from(["I", "L", "G", "C", "Z", "i", "在家上学", ""]),
            "left": DATES,
            "status": st.sampled_from(["劝返中", "已复学", "已核实", "未知状态", ""]),
        }
    ),
    min_size=1,
    max_size=4,
)
PROFILES = st.just(VALID_PROFILE) | st.fixed_dictionaries(
    {
        "county": st.sampled_from(["示范县", "示范县", "测试区", ""]),
        "townships": st.lists(
            st.fixed_dictionaries(
                {
                    "name": st.sampled_from(["城关镇", "东风镇", ""]),
                    "abbreviation": st.sampled_from(["城政控学", "", "X〔"]),
                }
            ),
            max_size=2,
        ),
        "deadline": st.fixed_dictionaries(
            {
                "days": st.integers(0, 61),
                "kind": st.sampled_from(["working", "calendar", "calendar", "lunar"]),
            }
        ),
    }
)


@settings(
    max_examples=40,
    deadline=dt.timedelta(seconds=90),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@example(rows=[VALID_ROW], profile=VALID_PROFILE, template=None)
@example(rows=[VALID_ROW], profile=VALID_PROFILE, template=["<p>{{ doc_number }}</p>"])
@example(rows=[VALID_ROW], profile=VALID_PROFILE, template=['<img src="http://127.0.0.1:9/a.png">'])
@example(rows=[VALID_ROW], profile=VALID_PROFILE, template=["{{ 'x' * 10**8 }}"])
@given(rows=ROWS, profile=PROFILES, template=st.none() | st.lists(SNIPPETS, min_size=1, max_size=3))
def test_any_county_folder_ends_in_a_message_and_writes_only_its_outputs(
    rows: list[dict[str, Any]], profile: dict[str, Any], template: list[str] | None
) -> None:
    with tempfile.TemporaryDirectory() as name:
        root = Path(name)
        county = root / "县"
        county.mkdir()
        (county / "profile.yaml").write_text(
            yaml.safe_dump(profile, allow_unicode=True), encoding="utf-8"
        )
        (county / "统计.yaml").write_text(STATS, encoding="utf-8")
        cases = [ledger_row(i + 1, r) for i, r in enumerate(rows)]
        save_xlsx(county / "台账.xlsx", [HEADERS, *cases], more=persuaded(cases))
        if template is not None:
            (county / "templates" / "notices").mkdir(parents=True)
            body = "".join(template)
            (county / "templates" / "notices" / "deadline.html").write_text(
                '{% extends "builtin:notices/deadline.html" %}{% block facts %}'
                + body
                + "{% endblock %}",
                encoding="utf-8",
            )
        before = {path for path in root.rglob("*")}
        profile_option = ["-p", str(county / "profile.yaml")]
        commands = [
            ["validate", str(county / "台账.xlsx"), *profile_option],
            ["notices", str(county / "台账.xlsx"), *profile_option, "--out", str(county / "通知书"),
             "--format", "docx,pdf", "--date", "2026-10-20"],
            ["ledger", str(county / "台账.xlsx"), *profile_option, "--out", str(county / "台账导出.xlsx")],
            ["report", "self-inspection", "--cases", str(county / "台账.xlsx"), "--stats",
             str(county / "统计.yaml"), *profile_option, "--out", str(county / "报告"), "--date", "2026-10-20"],
        ]  # fmt: skip
        for command in commands:
            result = runner.invoke(app, command)
            event(f"{command[0]} → {result.exit_code}")
            assert isinstance(result.exception, SystemExit | None), (command, result.output)
            assert result.exit_code in CODES, (command, result.exit_code, result.output)
            assert "Traceback" not in result.output
        allowed = (
            county / "通知书",
            county / "报告",
            county / "台账导出.xlsx",
            county / "文号登记.sqlite",
        )
        for path in {path for path in root.rglob("*")} - before:
            assert any(path == place or place in path.parents for place in allowed) or (
                path.name.startswith("文号登记.sqlite")
            ), path

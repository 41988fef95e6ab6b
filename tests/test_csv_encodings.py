"""CSV ledgers in every encoding Chinese Windows, Excel and WPS save: read as written, never mojibake."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BOY_2014, GIRL_2013, HEADERS, TODAY, row
from stdnum.cn import ric

from reportgen.errors import InputUnreadable
from reportgen.intake.ledger import load_ledger
from reportgen.profile import Profile

TITLE = "示范县疑似失学儿童台账"


def csv_text(*rows: list[object], delimiter: str = ",") -> str:
    lines = [TITLE, delimiter.join(HEADERS), *(delimiter.join(map(str, r)) for r in rows)]
    return "\r\n".join(lines) + "\r\n"


@pytest.mark.parametrize(
    "encoding",
    ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-32"],
)
def test_a_simplified_ledger_reads_the_same_in_every_encoding(
    tmp_path: Path, profile: Profile, encoding: str
) -> None:
    path = tmp_path / "台账.csv"
    text = csv_text(row(1, "张三", BOY_2014, "男"), row(2, "欧阳娜娜", GIRL_2013, "女"))
    path.write_bytes(text.encode(encoding))
    ledger = load_ledger(path, profile, today=TODAY)
    assert ledger.problems == []
    assert [(c.row, c.name, c.school, c.guardian) for c in ledger.cases] == [
        (3, "张三", "城关中心小学", "王建国"),
        (4, "欧阳娜娜", "城关中心小学", "王建国"),
    ]


def test_utf16_with_tabs_as_excel_saves_unicode_text(tmp_path: Path, profile: Profile) -> None:
    path = tmp_path / "台账.csv"
    path.write_bytes(csv_text(row(1, "张三", BOY_2014, "男"), delimiter="\t").encode("utf-16"))
    (case,) = load_ledger(path, profile, today=TODAY).cases
    assert (case.name, case.id_number, case.phone) == ("张三", BOY_2014, "13912345678")


BIG5_HEADERS = "序號,學生姓名,性別,身份證號碼,鄉鎮,學校,年級,監護人,聯繫電話,類別,離校日期,狀態"


def test_a_big5_ledger_from_a_traditional_chinese_system(tmp_path: Path, profile: Profile) -> None:
    lines = [
        "示範縣疑似失學兒童台賬",
        BIG5_HEADERS,
        f"1,陳大文,男,{BOY_2014},東風鎮,東風小學,三年級,陳國強,13912345678,在家上學,2025-10-8,勸返中",
        f"2,林美華,女,{GIRL_2013},城關鎮,城關中學,七年級,林志明,13912345679,H,2025/10/9,勸返中",
    ]
    path = tmp_path / "台账.csv"
    path.write_bytes("\r\n".join(lines).encode("big5"))
    ledger = load_ledger(path, profile, today=TODAY)
    assert ledger.problems == []
    assert [
        (c.name, c.school, c.guardian, c.township, c.category, c.status) for c in ledger.cases
    ] == [
        ("陳大文", "東風小學", "陳國強", "东风镇", "L", "劝返中"),
        ("林美華", "城關中學", "林志明", "城关镇", "H", "劝返中"),
    ]


def test_gbk_is_not_taken_for_big5(tmp_path: Path, profile: Profile) -> None:
    """GBK bytes often decode as Big5 without error; the result must still be the GBK text."""
    path = tmp_path / "台账.csv"
    names = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄丽"]
    ids = [f"41052620130{month}0100{n}" for n, month in enumerate("12345678", 1)]
    ids = [body + ric.calc_check_digit(body + "?") for body in ids]  # it reads the first 17
    rows = [row(n, name, id_, "") for n, (name, id_) in enumerate(zip(names, ids, strict=True), 1)]
    text = csv_text(*rows)
    path.write_bytes(text.encode("gbk"))
    assert [case.name for case in load_ledger(path, profile, today=TODAY).cases] == names


def test_a_workbook_saved_with_a_csv_name_says_so(tmp_path: Path, profile: Profile) -> None:
    from openpyxl import Workbook

    Workbook().save(tmp_path / "台账.csv")
    with pytest.raises(InputUnreadable, match=r"其实是 Excel 工作簿，扩展名却是 \.csv"):
        load_ledger(tmp_path / "台账.csv", profile, today=TODAY)


def test_a_binary_file_is_no_csv(tmp_path: Path, profile: Profile) -> None:
    path = tmp_path / "台账.csv"
    path.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(InputUnreadable, match="不是文本格式的 CSV 文件，或无法识别它的编码"):
        load_ledger(path, profile, today=TODAY)


def test_a_byte_order_mark_that_lies_is_named(tmp_path: Path, profile: Profile) -> None:
    path = tmp_path / "台账.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "姓名,身份证号\n张三".encode("gbk"))
    with pytest.raises(InputUnreadable, match="文件开头标明是 UTF-8 编码，但内容无法按 UTF-8 读取"):
        load_ledger(path, profile, today=TODAY)

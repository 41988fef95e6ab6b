"""Service, replies and voiding recorded in a real register, from typed 文号, sheets and photos.

The county's notices are a real batch (DOCX, 2026-09-30); the slips' photos are real images: the
QR code reportgen prints, pasted on a page with text, turned a little and saved as a phone's JPEG.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from conftest import BOY_2012, BOY_2014, GIRL_2013, HEADERS, persuaded, row, save_xlsx
from openpyxl import Workbook
from PIL import Image, ImageDraw
from pypdf import PdfReader

from reportgen.casework.register import REGISTER_FILE, Register
from reportgen.casework.register_entries import (
    STATES,
    Event,
    NotInRegister,
    Request,
    parse_document_number,
)
from reportgen.casework.service import (
    ServiceRefused,
    SheetInvalid,
    lacking,
    record,
    sheet_services,
    slip_services,
    typed_service,
    void,
)
from reportgen.documents.batch import run_batch
from reportgen.documents.request import BatchRequest
from reportgen.errors import Refused, UsageProblem
from reportgen.intake.slips import ScanUnreadable, read_slips
from reportgen.output.manifest import read_manifest
from reportgen.profile import load_profile
from reportgen.render.codes import slip_code
from reportgen.render.images import from_data_uri

ISSUED = dt.date(2026, 9, 30)
TODAY = dt.date(2026, 11, 23)
PROFILE = """\
county: 示范县
townships:
  - name: 城关镇
    abbreviation: 城政控学
    aliases: [城关]
  - name: 东风镇
    abbreviation: 东政控学
deadline:
  days: 5
  kind: working
"""
ZHANG, LI, LIU = "城政控学〔2026〕1号", "东政控学〔2026〕1号", "城政控学〔2026〕2号"
"""The notices of 张三 (城关镇), 李红 (东风镇) and 刘强 (城关镇), in ledger order."""


def make_county(folder: Path, issued: bool = True) -> Path:
    """A county folder whose three open cases got their notices on 2026-09-30 (DOCX)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "profile.yaml").write_text(PROFILE, encoding="utf-8")
    people = [(1, "张三", BOY_2014, "城关镇"), (2, "李红", GIRL_2013, "东风镇")]
    rows = [row(s, n, i, category="L", township=t, left_on="2026-9-8") for s, n, i, t in people]
    rows.append(row(3, "刘强", BOY_2012, category="L", left_on="2026-9-8"))
    save_xlsx(folder / "台账.xlsx", [HEADERS, *rows], more=persuaded(rows))
    if issued:
        batch(folder)
    return folder


def batch(folder: Path, **changes: Any) -> list[str]:
    """Run a batch of the county's notices; the 文号 it gave."""
    out = folder / changes.pop("out", "通知书")
    request = BatchRequest(
        folder / "台账.xlsx",
        load_profile(folder / "profile.yaml"),
        Register(folder / REGISTER_FILE),
        out,
        formats=changes.pop("formats", ("docx",)),
        issued_on=changes.pop("issued_on", ISSUED),
        **changes,
    )
    return run_batch(request).numbers


@pytest.fixture
def county(tmp_path: Path) -> Path:
    return make_county(tmp_path / "示范县")


def register_of(county: Path) -> Register:
    return Register(county / REGISTER_FILE, who="王老师")


def served(on: dt.date, method: str = "直接送达", by: str = "", note: str = "") -> Event:
    return Event("served", on, method, by, note)


def serve(register: Register, number: str, on: dt.date, again: bool = False, **more: str) -> None:
    """Record one service typed at the keyboard, as of the tests' today."""
    record(register, [typed_service(register, number, served(on, **more))], TODAY, again)


def test_service_is_recorded_once_and_corrected_only_on_purpose(county: Path) -> None:
    register = register_of(county)
    serve(register, "城政控学[2026]1号", dt.date(2026, 10, 8), by="李干事")  # as keyboards type it
    entry = register.find(ZHANG)
    assert entry.served_on == dt.date(2026, 10, 8)
    assert entry.last("served") == Event("served", dt.date(2026, 10, 8), "直接送达", "李干事", "")
    with pytest.raises(ServiceRefused, match="已于 2026年10月8日 登记过送达，直接送达；如要更正"):
        serve(register, ZHANG, dt.date(2026, 10, 9))
    serve(register, ZHANG, dt.date(2026, 10, 2), again=True, note="回证日期看错")
    corrected = register.find(ZHANG)
    assert corrected.served_on == dt.date(2026, 10, 2)  # earlier than the first: still the one
    (log,) = [r.log for r in register.records() if r.entry.id == corrected.id]
    assert [(x.event.kind, x.event.on, x.recorded_by) for x in log] == [
        ("served", dt.date(2026, 10, 2), "王老师"),
        ("corrected-served", dt.date(2026, 10, 8), "王老师"),
    ]
    assert log[0].event.note == "更正（原登记 2026年10月8日，直接送达）；回证日期看错"


@pytest.mark.parametrize(
    ("on", "message"),
    [
        (
            dt.date(2026, 9, 29),
            "送达日期 2026年9月29日 早于城政控学〔2026〕1号的下达日期 2026年9月30日",
        ),
        (dt.date(2026, 11, 24), "送达日期 2026年11月24日 在今天（2026年11月23日）之后"),
    ],
)
def test_a_service_day_outside_issue_and_today_is_refused(
    county: Path, on: dt.date, message: str
) -> None:
    register = register_of(county)
    with pytest.raises(ServiceRefused, match=message):
        serve(register, ZHANG, on)
    assert register.find(ZHANG).events == ()


def test_unknown_and_mistyped_numbers_are_named(county: Path) -> None:
    register = register_of(county)
    with pytest.raises(NotInRegister, match="文号登记簿中没有 城政控学〔2026〕9号"):
        register.lookup("城政控学［２０２６］第9号")
    with pytest.raises(NotInRegister, match="“城政控学2026-1”不是登记簿中的文号"):
        register.lookup("城政控学2026-1")
    assert issubclass(NotInRegister, UsageProblem)
    nowhere = Register(county / "别处" / REGISTER_FILE)
    with pytest.raises(NotInRegister):
        nowhere.lookup("12")
    assert not nowhere.path.exists()  # looking up makes no register


@pytest.mark.parametrize(
    ("typed", "parts"),
    [
        ("城政控学〔2026〕3号", ("城政控学", 2026, 3)),
        (" 城政控学 [2026] 3号 ", ("城政控学", 2026, 3)),
        ("城政控学（2026）第03号", ("城政控学", 2026, 3)),
        ("城政控学【２０２６】１２号", ("城政控学", 2026, 12)),
        ("城政控学〔2026〕0号", None),
        ("城政控学〔26〕3号", None),
        ("〔2026〕3号", None),
    ],
)
def test_document_numbers_as_people_type_them(typed: str, parts: Any) -> None:
    assert parse_document_number(typed) == parts


def test_a_void_document_keeps_its_number_its_files_and_is_marked_in_the_manifest(
    county: Path,
) -> None:
    register = register_of(county)
    done = void(register, "城政控学[2026]2号", "学生姓名写错，已重新下达")
    assert done.entry.state == "void"
    assert done.manifests == [county / "通知书" / "manifest.json"]
    lines = read_manifest(county / "通知书")["files"]
    marked = {line["doc_number"]: (line["state"], line.get("void_reason")) for line in lines}
    assert marked == {
        ZHANG: ("issued", None),
        LI: ("issued", None),
        LIU: ("void", "学生姓名写错，已重新下达"),
    }
    assert all(path.is_file() for path in register.files(done.entry))  # the files stay
    (voided,) = [r for r in register.records() if r.entry.state == "void"]
    assert (voided.voided_by, voided.entry.void_reason) == ("王老师", "学生姓名写错，已重新下达")
    assert dt.datetime.fromisoformat(voided.voided_at).date() == dt.date.today()
    with pytest.raises(
        ServiceRefused, match="城政控学〔2026〕2号已作废（学生姓名写错，已重新下达），不能登记送达"
    ):
        serve(register, LIU, dt.date(2026, 10, 8))
    with pytest.raises(Refused, match="已经作废"):
        void(register, LIU, "再作废一次")
    with pytest.raises(UsageProblem, match="必须写明原因"):
        void(register, ZHANG, "   ")
    with pytest.raises(NotInRegister):
        void(register, "城政控学〔2026〕7号", "不存在")


def test_a_void_number_is_never_given_again(county: Path) -> None:
    register = register_of(county)
    void(register, LIU, "作废最大的号")
    reissued = batch(county, reissue=True, cases=(BOY_2012,), out="重新下达", issued_on=TODAY)
    assert reissued == ["城政控学〔2026〕3号"]  # after the void 2, not 2 again
    later = batch(county, reissue=True, cases=(BOY_2014,), out="再下达", issued_on=TODAY)
    assert later == ["城政控学〔2026〕4号"]
    numbers = [e.document_number for e in register.entries(states=STATES)]
    assert len(numbers) == len(set(numbers))


def test_a_pending_number_cannot_be_voided_or_served(county: Path) -> None:
    register = register_of(county)
    (pending,) = register.number(
        [Request("城政控学", "deadline", "x", "王", "赵", "城关镇", ISSUED)], batch="host:1:1"
    )
    with pytest.raises(Refused, match="生成中断、尚未下达，不能作废"):
        void(register, pending.document_number, "试试")
    with pytest.raises(ServiceRefused, match="生成中断、尚未下达，不能登记送达"):
        serve(register, pending.document_number, dt.date(2026, 10, 8))


def receipts(path: Path, rows: Sequence[Sequence[Any]], headers: Sequence[str] = ()) -> Path:
    """A sheet of returned 送达回证 as a township keeps it: a title, the header, a footer."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "送达回证"
    sheet.append(["城关镇送达回证登记"])
    sheet.append(list(headers or ("序号", "文号", "送达时间", "送达方式", "送达人", "备注")))
    for values in rows:
        sheet.append(list(values))
    sheet.append(["填表人：李干事"])
    workbook.save(path)
    return path


def test_a_sheet_of_receipts_is_checked_cell_by_cell_and_recorded_whole(county: Path) -> None:
    register = register_of(county)
    profile = load_profile(county / "profile.yaml")
    bad = receipts(
        county / "回证.xlsx",
        [
            [1, "城政控学[2026]1号", "2026-10-8", "直接", "李干事", ""],
            [2, "东政控学〔2026〕1号", "2026-10-32", "当面", "", ""],
            [3, "城政控学〔2026〕9号", "2026-10-9", "邮寄送达", "", ""],
            [4, "城政控学〔2026〕2号", "2026-9-1", "留置送达", "", "拒签，村干部见证"],
        ],
    )
    with pytest.raises(SheetInvalid) as refused:
        record(register, sheet_services(register, bad, profile, TODAY), TODAY, False)
    assert str(refused.value).splitlines()[1:] == [
        "  回证.xlsx 工作表「送达回证」第 4 行「送达时间」列：“2026-10-32” — 日期不存在：2026年没有10月32日",
        "  回证.xlsx 工作表「送达回证」第 4 行「送达方式」列：“当面” — 应为送达方式：直接送达、留置送达、邮寄送达、委托送达、公告送达",
        "  回证.xlsx 工作表「送达回证」第 5 行「文号」列：“城政控学〔2026〕9号” — 登记簿中没有这个文号；请核对，或用 reportgen register list 查看",
    ]
    assert all(entry.events == () for entry in register.entries())
    fixed = receipts(
        county / "回证2.xlsx",
        [
            [1, "城政控学[2026]1号", "2026-10-8", "直接", "李干事", ""],
            [2, "东政控学〔2026〕1号", "2026年10月9日", "邮寄送达", "", "挂号信回执"],
            [3, "城政控学〔2026〕2号", "2026-9-1", "留置送达", "", "拒签，村干部见证"],
        ],
    )
    services = sheet_services(register, fixed, profile, TODAY)
    with pytest.raises(ServiceRefused) as refused_rule:
        record(register, services, TODAY, False)
    assert str(refused_rule.value) == (
        "未登记任何一份：回证2.xlsx 工作表「送达回证」第 5 行「送达时间」列 — "
        "送达日期 2026年9月1日 早于城政控学〔2026〕2号的下达日期 2026年9月30日"
    )
    assert all(entry.events == () for entry in register.entries())  # all or nothing
    record(register, services[:2], TODAY, False)
    assert register.find(LI).last("served") == Event(
        "served", dt.date(2026, 10, 9), "邮寄送达", "", "挂号信回执"
    )


def test_the_same_document_twice_in_one_sheet_is_refused(county: Path) -> None:
    register = register_of(county)
    sheet = receipts(
        county / "回证重复.xlsx",
        [[1, ZHANG, "2026-10-8", "直接送达", "", ""], [2, ZHANG, "2026-10-9", "直接送达", "", ""]],
    )
    services = sheet_services(register, sheet, load_profile(county / "profile.yaml"), TODAY)
    with pytest.raises(
        ServiceRefused, match="第 4 行「文号」列 — 城政控学〔2026〕1号在这一批中出现了不止一次"
    ):
        record(register, services, TODAY, False)


def slip_picture(slip: str, document: str) -> Image.Image:
    """The QR code a slip carries, as reportgen draws it for the documents."""
    data = from_data_uri(slip_code(slip, document)).data
    return Image.open(io.BytesIO(data)).convert("L")


def photo(
    path: Path, codes: Sequence[tuple[str, str]], angle: float = 4, quality: int = 55
) -> Path:
    """A phone photo of a signed slip: a page with lines of text and the code, askew, as a JPEG."""
    page = Image.new("L", (1240, 1754), 250)
    draw = ImageDraw.Draw(page)
    draw.text((120, 90), "SONG DA HUI ZHENG", fill=0)
    for y in range(260, 1600, 64):
        draw.line((100, y, 1140, y), fill=90, width=2)
        draw.text((110, y - 30), "shou song da ren  qian ming  2026-10-08", fill=40)
    for place, (slip, document) in enumerate(codes):
        code = slip_picture(slip, document)
        code = code.resize((code.width * 2, code.height * 2), Image.Resampling.NEAREST)
        page.paste(code, (880, 120 + place * 700))
    taken = page.rotate(angle, expand=True, fillcolor=180, resample=Image.Resampling.BICUBIC)
    path.parent.mkdir(parents=True, exist_ok=True)
    taken.convert("RGB").save(path, "JPEG", quality=quality)
    return path


def test_photos_of_signed_slips_are_read_and_recorded(county: Path) -> None:
    register = register_of(county)
    letter = register.number(
        [
            Request(
                "城关中心小学",
                "letter",
                BOY_2014,
                "王建国",
                "张三",
                "城关镇",
                ISSUED,
                numbered=False,
            )
        ]
    )[0]
    one = photo(county / "回证1.jpg", [("送达回证", ZHANG)])
    two = photo(county / "扫描" / "p2.jpg", [("送达回证", LI), ("回执", str(letter.id))], -3)
    slips = read_slips([one, two.parent])
    assert [(s.image.name, s.slip, s.document, s.kind) for s in slips] == [
        ("回证1.jpg", "送达回证", ZHANG, "served"),
        ("p2.jpg", "送达回证", LI, "served"),
        ("p2.jpg", "回执", str(letter.id), "receipt"),
    ]
    assert lacking(slips[0], None, None) == ["送达日期（--on）", "送达方式（--method）"]
    assert lacking(slips[2], None, "直接送达") == ["回执日期（--on）"]
    assert lacking(slips[2], dt.date(2026, 10, 9), None) == []
    day = dt.date(2026, 10, 9)
    answers = [(day, "直接送达"), (day, "留置送达"), (dt.date(2026, 10, 12), "")]
    record(register, slip_services(register, slips, answers, by="李干事"), TODAY, False)
    assert register.find(ZHANG).last("served") == Event("served", day, "直接送达", "李干事", "")
    assert register.find(LI).served_on == day
    (receipt,) = [e for e in register.entries() if e.id == letter.id]
    assert receipt.last("receipt") == Event("receipt", dt.date(2026, 10, 12), "", "李干事", "")


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG file whose header claims a picture of ``width`` × ``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_images_without_our_codes_are_named_and_nothing_is_read(county: Path) -> None:
    import weasyprint  # noqa: F401  (it makes Pillow load cut-off images for the whole process)

    blank = county / "白纸.png"
    Image.new("RGB", (800, 600), "white").save(blank)
    foreign = county / "别的码.png"
    import segno

    segno.make("https://example.com/weixin", error="m").save(str(foreign), scale=8)
    strange = photo(county / "怪.jpg", [("收条", ZHANG)])
    heic = county / "IMG_0001.HEIC"
    heic.write_bytes(b"\x00\x00\x00\x18ftypheic" + bytes(200))
    bomb = county / "巨图.png"
    bomb.write_bytes(png_claiming(10000, 9000))  # beyond ours, within PIL's own limit
    huge = county / "更大.png"
    huge.write_bytes(png_claiming(30000, 30000))
    broken = county / "半张.jpg"
    broken.write_bytes(photo(county / "整张.jpg", [("送达回证", ZHANG)]).read_bytes()[:3000])
    empty = county / "空文件夹"
    empty.mkdir()
    good = photo(county / "好.jpg", [("送达回证", ZHANG)])
    with pytest.raises(ScanUnreadable) as unreadable:
        read_slips(
            [good, blank, foreign, strange, heic, bomb, huge, broken, county / "没有.jpg", empty]
        )
    text = str(unreadable.value)
    assert "好.jpg" not in text
    for line in (
        f"{blank}：没有找到 reportgen 回单上的二维码",
        f"{foreign}：图中有 1 个二维码，都不是 reportgen 回单上的",
        f"{strange}：二维码上的回单是“收条”，不是可登记的回单（送达回证、协查回函、回函、回执）",
        f"{heic}：不是可读的图片",
        f"{county / '没有.jpg'}：找不到这个文件",
        f"{bomb}：图片像素过多（10000×9000）",
        f"{huge}：图片像素过多，不像照片或扫描件",
        f"{broken}：图片已损坏或不完整",
        f"{empty}：文件夹中没有图片",
    ):
        assert line in text, text


def test_a_code_naming_a_document_of_another_register_is_refused(county: Path) -> None:
    register = register_of(county)
    slips = read_slips([photo(county / "外县.jpg", [("送达回证", "外政控学〔2026〕1号")])])
    with pytest.raises(
        ServiceRefused, match=r"外县\.jpg：二维码上的 外政控学〔2026〕1号 不在这个登记簿中"
    ):
        slip_services(register, slips, [(dt.date(2026, 10, 9), "直接送达")])


def test_records_of_several_documents_are_all_or_nothing(county: Path) -> None:
    register = register_of(county)
    serve(register, LI, dt.date(2026, 10, 8))
    services = [
        typed_service(register, ZHANG, served(dt.date(2026, 10, 8))),
        typed_service(register, LI, served(dt.date(2026, 10, 9))),
    ]
    with pytest.raises(ServiceRefused, match="东政控学〔2026〕1号已于 2026年10月8日 登记过送达"):
        record(register, services, TODAY, False)
    assert register.find(ZHANG).events == ()  # the good one was not recorded either


def printed_slips(pdf: Path) -> list[Any]:
    """The slips on a printed PDF's last page, scanned at 150 dpi."""
    import subprocess

    last = str(len(PdfReader(pdf).pages))
    page = ["-f", last, "-l", last, "-singlefile"]
    command = ["pdftoppm", "-png", "-r", "150", *page, str(pdf), str(pdf.with_suffix(""))]
    subprocess.run(command, check=True)
    return read_slips([pdf.with_suffix(".png")])


def test_a_letters_printed_receipt_names_its_letter(county: Path) -> None:
    batch(county, kind="letter", out="家长信", formats=("pdf",))
    register = register_of(county)
    letters = [e for e in register.entries() if e.kind == "letter"]
    pdf = next((county / "家长信").glob("1_*.pdf"))
    (slip,) = printed_slips(pdf)
    assert (slip.slip, slip.document, slip.kind) == ("回执", str(letters[0].id), "receipt")
    answers = [(dt.date(2026, 10, 9), "")]
    record(register, slip_services(register, [slip], answers), TODAY, False)
    assert register.lookup(str(letters[0].id)).last("receipt") is not None

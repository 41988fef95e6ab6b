"""The county profile: documented settings, errors that name the key, a starter that loads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reportgen.errors import ProfileError
from reportgen.intake.fields import KNOWN_FIELDS
from reportgen.profile import Profile, documented_settings, load_profile
from reportgen.workspace import starter_profile


def test_every_setting_is_documented() -> None:
    settings = documented_settings()
    assert len(settings) > 30
    assert [name for name, doc in settings.items() if not doc] == []


def test_defaults_follow_the_national_practice() -> None:
    profile = Profile(county="示范县")
    assert profile.bureau == "示范县教育局"
    assert [c.code for c in profile.categories if c.counted] == ["I", "L"]
    assert profile.age_cutoff == "08-31"
    assert (profile.deadline.days, profile.deadline.kind) == (7, "calendar")
    spring_2024 = profile.subsidy_standard(dt.date(2024, 3, 1))
    assert (spring_2024.yearly("小学", True), spring_2024.yearly("初中", False)) == (1250, 750)
    assert profile.subsidy_standard(dt.date(2023, 9, 1)).yearly("初中", True) == 1250


def test_errors_name_every_bad_key(tmp_path: Path) -> None:
    path = tmp_path / "profile.yaml"
    path.write_text(
        "county: 示范县\n"
        "townships:\n  - name: 城关镇\n  - government: 东风镇人民政府\n"
        "deadline:\n  days: 七\n  kind: weekly\n"
        "age_cutof: 08-31\n"
        "columns:\n  娃娃名字: nickname\n",
        encoding="utf-8",
    )
    with pytest.raises(ProfileError) as caught:
        load_profile(path)
    lines = str(caught.value).splitlines()
    assert lines[0] == f"{path}：县区配置有 5 处问题"
    assert lines[1:] == [
        "  townships[1].name：缺少此项",
        "  deadline.days：应为整数",
        "  deadline.kind：应为 'calendar' 或 'working' 之一",
        f"  columns：「娃娃名字」映射到未知字段 nickname；可用字段：{', '.join(KNOWN_FIELDS)}",
        "  age_cutof：不认识的设置项（可能拼错了）",
    ]


def test_duplicate_codes_are_refused() -> None:
    with pytest.raises(ValueError, match="重复的代码或名称：H"):
        Profile.model_validate(
            {
                "county": "示范县",
                "categories": [
                    {"code": "H", "name": "出国在外", "counted": False},
                    {"code": "H", "name": "港澳台", "counted": False},
                ],
            }
        )


def test_missing_and_malformed_profiles(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="找不到县区配置文件"):
        load_profile(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("county: [示范县\n", encoding="utf-8")
    with pytest.raises(ProfileError, match="不是有效的 YAML 文件"):
        load_profile(bad)


def test_starter_profile_is_commented_and_loads_to_the_defaults(tmp_path: Path) -> None:
    text = starter_profile(Profile(county="示范县"))
    assert "# 限期复学通知书的期限。" in text
    assert "#   abbreviation：发文字号的机关代字" in text
    path = tmp_path / "profile.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_profile(path)
    assert loaded == Profile(
        county="示范县", templates_dir=tmp_path / "templates", ledger=tmp_path / "台账.xlsx"
    )


def test_templates_folder_is_relative_to_the_profile(tmp_path: Path) -> None:
    (tmp_path / "profile.yaml").write_text(
        "county: 示范县\ntemplates_dir: 模板\n", encoding="utf-8"
    )
    assert load_profile(tmp_path / "profile.yaml").templates_dir == tmp_path / "模板"


def test_a_seal_image_that_is_not_there_is_named(tmp_path: Path) -> None:
    (tmp_path / "profile.yaml").write_text(
        "county: 示范县\nbureau_seal: 章.png\ntownships:\n  - name: 城关镇\n    seal: 城关.png\n",
        encoding="utf-8",
    )
    with pytest.raises(ProfileError) as caught:
        load_profile(tmp_path / "profile.yaml")
    assert str(caught.value).splitlines()[1:] == [
        f"  townships[0].seal：找不到公章图片 {tmp_path / '城关.png'}",
        f"  bureau_seal：找不到公章图片 {tmp_path / '章.png'}",
    ]

"""The sandbox reads a plain dict's keys the short way, and everything else as it always did."""

from __future__ import annotations

from collections import OrderedDict

import pytest

from reportgen.render.templating import TemplateProblem, environment, render


def shown(source: str, **context: object) -> str:
    return render(environment().from_string(source), context)


def test_a_key_of_a_plain_dict_is_read_as_an_attribute() -> None:
    assert shown("{{ student.name }}", student={"name": "张三&<李>"}) == "张三&amp;&lt;李&gt;"
    assert shown("{{ d._hidden }}", d={"_hidden": "键"}) == "键"  # a key, as before: not Python's


def test_dict_methods_stay_methods_and_subclasses_go_the_sandbox_way() -> None:
    assert shown("{{ d.items is callable }}|{{ d['items'] }}", d={"items": "键"}) == "True|键"
    assert shown("{{ d.name }}", d=OrderedDict(name="有序")) == "有序"


@pytest.mark.parametrize("name", ["__class__", "__init__", "__doc__"])
def test_python_internals_stay_refused_whatever_the_dict_holds(name: str) -> None:
    with pytest.raises(TemplateProblem, match="Python 内部属性"):
        shown(f"{{{{ d.{name}.__name__ }}}}", d={name: "键"})


def test_a_missing_key_is_still_a_missing_variable() -> None:
    with pytest.raises(TemplateProblem, match="没有提供的变量"):
        shown("{{ student.nmae }}", student={"name": "张三"})

"""The chapter registry: the contract a chapter notebook must meet, and the jobs it makes."""

from __future__ import annotations

import json
import shutil

import pytest
from buildkit import CHAPTERS, FAILING, edit_notebook

from gxq_analysis.errors import DataError, OptionError
from gxq_analysis.publish.registry import chapters, read_chapter, registered_zone_ids, select


def test_fixture_chapters_sorted_by_order():
    found = chapters(CHAPTERS)
    assert [c.id for c in found] == ["overview", "zone", "context"]
    assert [c.order for c in found] == sorted(c.order for c in found)
    zone = found[1]
    assert zone.per_zone and not found[0].per_zone
    assert zone.title == {"zh": "园区概况", "en": "Zone profile"}
    assert zone.defaults == {"review": "midterm", "lang": "zh", "data": None, "zone": "shenyang"}
    assert found[2].panel is False and found[2].data_files == ("zones.csv",)
    assert found[0].panel is True and found[0].data_files is None


def test_jobs_parameters_in_papermill_order_and_stems():
    overview, zone, _ = chapters(CHAPTERS)
    jobs = zone.jobs(["midterm", "final"], ["zh"], ["dalian", "shenyang"])
    assert [j.stem for j in jobs] == ["zone-dalian", "zone-shenyang"] * 2
    assert [list(j.parameters) for j in jobs] == [["review", "lang", "zone"]] * 4
    assert jobs[2].parameters == {"review": "final", "lang": "zh", "zone": "dalian"}
    assert jobs[2].key == "final/zh/zone-dalian"
    # data is passed only when given, as a user running papermill by hand would
    (j,) = overview.jobs(["midterm"], ["en"], ["dalian"], data="panel.csv")
    assert j.parameters == {"review": "midterm", "lang": "en", "data": "panel.csv"}
    assert j.stem == "overview" and j.notebook == overview.path
    # every zone of the registry when none are named
    assert len(zone.jobs(["midterm"], ["zh"])) == 15


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"reviews": ["mid"]}, "review='mid'"),
        ({"langs": ["fr"]}, "lang='fr'"),
        ({"zones": ["../../x"]}, "zone='../../x'"),
    ],
)
def test_jobs_reject_unknown_values(kwargs, message):
    zone = chapters(CHAPTERS)[1]
    args = {"reviews": ["midterm"], "langs": ["zh"], "zones": ["shenyang"], **kwargs}
    with pytest.raises(OptionError, match=message.replace("(", r"\(")):
        zone.jobs(args["reviews"], args["langs"], args["zones"])


def test_registered_zone_ids_match_the_zone_registry():
    from gxq_analysis.plan.zones import zone_ids

    assert registered_zone_ids() == zone_ids()


def test_select_unknown_chapter_lists_known_ones():
    found = chapters(CHAPTERS)
    assert [c.id for c in select(found, ["context", "overview"])] == ["overview", "context"]
    with pytest.raises(OptionError, match=r"chapter='\.\./x'.*'overview', 'zone', 'context'"):
        select(found, ["../x"])


def _broken_copy(tmp_path, edit):
    path = tmp_path / "chapter.ipynb"
    shutil.copy(CHAPTERS / "zone.ipynb", path)
    edit_notebook(path, edit)
    return path


def _set_gxq(key, value):
    def edit(nb):
        nb["metadata"]["gxq"][key] = value

    return edit


def _params_source(source):
    def edit(nb):
        for cell in nb["cells"]:
            if "parameters" in cell["metadata"].get("tags", []):
                cell["source"] = source

    return edit


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda nb: nb["metadata"].pop("gxq"), "no 'gxq' object"),
        (lambda nb: nb["metadata"]["gxq"].pop("order"), "lacks order"),
        (_set_gxq("chapter", "../../etc"), "chapter id '../../etc'"),
        (_set_gxq("chapter", "a/b"), "chapter id 'a/b'"),
        (_set_gxq("chapter", "Overview"), "chapter id 'Overview'"),
        (_set_gxq("order", "1"), "order must be an integer"),
        (_set_gxq("title", {"zh": "概况"}), "title for 'zh' and 'en'"),
        (_set_gxq("per_zone", "yes"), "per_zone must be true or false"),
        (_set_gxq("functions", "fit_panel"), "functions must be a list"),
        (_set_gxq("data_files", ["../secret.csv"]), "relative to the data dir"),
        (_set_gxq("colour", "red"), "unknown keys"),
        (lambda nb: nb["metadata"]["kernelspec"].update(name="ir"), "kernelspec name is 'ir'"),
        (lambda nb: nb["cells"][0].pop("id"), "every cell needs an id"),
        (lambda nb: nb.update(nbformat_minor=4), "4.5 or later"),
        (
            lambda nb: nb["cells"][2]["metadata"].update(tags=["parameters"]),
            "2 cells are tagged 'parameters'",
        ),
        (
            lambda nb: nb["cells"][1]["metadata"].update(tags=[]),
            "0 cells are tagged 'parameters'",
        ),
        (
            lambda nb: nb["cells"][2]["metadata"].update(tags=["injected-parameters"]),
            "injected-parameters",
        ),
        (_params_source('review = "midterm"\nlang = "zh"\ndata = None'), "does not assign zone"),
        (_params_source('review = "midterm"\nlang = "zh"\nzone = "x"'), "does not assign data"),
        (_params_source('review = "midterm"\nlang = "zh"\ndata = "x.csv"\nzone = "x"'), "None"),
        (_params_source('review = "mid"\nlang = "zh"\ndata = None\nzone = "x"'), "not allowed"),
        (_params_source("review = f()\nlang = 'zh'\ndata = None\nzone = 'x'"), "literal"),
        (_params_source("review = (\n"), "not valid Python"),
    ],
)
def test_contract_violations_name_the_file(tmp_path, edit, message):
    path = _broken_copy(tmp_path, edit)
    with pytest.raises(DataError) as info:
        read_chapter(path)
    assert message in str(info.value)
    assert info.value.file == str(path)


def test_not_json_is_an_error_naming_the_file(tmp_path):
    path = tmp_path / "x.ipynb"
    path.write_text("{not json")
    with pytest.raises(DataError, match="cannot read it as JSON") as info:
        chapters(tmp_path)
    assert info.value.file == str(path)


def test_duplicate_ids_and_orders_are_errors(tmp_path):
    shutil.copy(CHAPTERS / "overview.ipynb", tmp_path / "a.ipynb")
    shutil.copy(CHAPTERS / "overview.ipynb", tmp_path / "b.ipynb")
    with pytest.raises(DataError, match="chapter id 'overview' is used twice"):
        chapters(tmp_path)
    edit_notebook(tmp_path / "b.ipynb", _set_gxq("chapter", "other"))
    with pytest.raises(DataError, match=r"chapter order 1 is used twice, also in a\.ipynb"):
        chapters(tmp_path)


def test_failing_fixture_is_a_valid_chapter_kept_apart():
    (broken,) = chapters(FAILING)
    assert broken.id == "broken"
    assert "broken" not in {c.id for c in chapters(CHAPTERS)}
    assert json.loads(broken.path.read_text())["metadata"]["kernelspec"]["name"] == "python3"


def test_chapter_titles_in_the_notebooks_are_the_catalogues():
    # the manifest and the review documents use the notebook's title; the chapters the
    # catalogue's: one title per chapter and language
    from gxq_analysis.publish.registry import chapters
    from gxq_analysis.report.strings import t

    for ch in chapters():
        if ch.per_zone:
            continue  # a profile's title names its zone
        for lang in ("zh", "en"):
            assert ch.title[lang] == t(f"chapter.{ch.id}", lang), (ch.id, lang)

"""regression_table: the cells are the fits' own numbers, formatted; labels, stars, renderers."""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd
import pytest

from gxq_analysis.errors import OptionError
from gxq_analysis.models.panel import fit_panel
from gxq_analysis.plan.codebook import indicator_label
from gxq_analysis.report.tables import RegressionTable, regression_table

X = ["rd_expenditure", "rd_personnel", "vc_investment"]
LOG = ("gdp", "rd_expenditure", "rd_personnel", "vc_investment")
LAGS = {"rd_expenditure": 1}


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    """A seeded zone-like panel in codebook codes: 15 zones x 2014-2020."""
    rng = np.random.default_rng(7)
    zones = [f"z{i:02d}" for i in range(15)]
    years = np.arange(2014, 2021)
    idx = pd.MultiIndex.from_product([zones, years], names=["zone", "year"])
    a = np.repeat(rng.normal(0, 0.5, len(zones)), len(years))
    n = len(idx)
    ln_rd = 1 + a + rng.normal(0, 0.3, n)
    ln_rdp = 8 + 0.5 * a + rng.normal(0, 0.2, n)
    ln_vc = -1 + rng.normal(0, 0.5, n)
    ln_gdp = 4 + a + 0.3 * ln_rd + 0.4 * (ln_rdp - 8) + 0.05 * ln_vc + rng.normal(0, 0.1, n)
    return pd.DataFrame(
        {
            "gdp": np.exp(ln_gdp),
            "rd_expenditure": np.exp(ln_rd),
            "rd_personnel": np.exp(ln_rdp),
            "vc_investment": np.exp(ln_vc),
        },
        index=idx,
    )


@pytest.fixture(scope="module")
def fits(panel):
    return [
        fit_panel(panel, "gdp", X, model="pooled", log=LOG, lags=LAGS),
        fit_panel(panel, "gdp", X, model="fe", log=LOG, lags=LAGS),
        fit_panel(panel, "gdp", X, model="twfe", cov="unadjusted", log=LOG, lags=LAGS),
        fit_panel(panel, "gdp", X[:2], model="fd", cov="robust", log=LOG[:3]),
    ]


def stars_of(p: float, thresholds=(0.1, 0.05, 0.01)) -> str:
    return "*" * sum(p < t for t in thresholds)


def coef_rows(table: RegressionTable) -> dict[str, int]:
    """Row label -> position of each coefficient row."""
    return {
        lab: i
        for i, (lab, k) in enumerate(zip(table.frame.index, table.kinds, strict=True))
        if k == "coef"
    }


# --------------------------------------------------------------------------------------------
# numbers


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cells_are_the_fits_numbers_formatted(fits, lang):
    table = regression_table(fits, lang=lang)
    frame = table.frame
    rows = coef_rows(table)
    for j, fit in enumerate(fits):
        for name in fit.params.index:
            lag = dict(fit.spec.lags).get(name, 0)
            if name == "const":
                label = "常数项" if lang == "zh" else "Constant"
            else:
                base = indicator_label(name, lang, unit=False)
                label = ("ln " if name in fit.spec.log else "") + base
                label += f" (t\u2212{lag})" if lag else ""
            i = rows[label]
            p = float(fit.pvalues[name])
            assert frame.iat[i, j] == f"{fit.params[name]:.3f}" + stars_of(p)
            assert frame.iat[i + 1, j] == f"({fit.std_errors[name]:.3f})"
            assert table.kinds[i + 1] == "se" and frame.index[i + 1] == ""
    # fd has no constant: its cells in the constant rows are blank
    i = rows["常数项" if lang == "zh" else "Constant"]
    assert frame.iat[i, 3] == "" and frame.iat[i + 1, 3] == ""
    # the vc_investment row is blank for the fd column, which does not have it
    i = rows["ln " + indicator_label("vc_investment", lang, unit=False)]
    assert frame.iat[i, 3] == ""


def test_model_rows(fits):
    table = regression_table(fits, lang="en")
    frame = table.frame
    assert list(frame.loc["Observations"]) == [str(f.nobs) for f in fits]
    assert list(frame.loc["Entities"]) == [str(f.n_entities) for f in fits]
    assert list(frame.loc["R²"]) == [f"{f.rsquared:.3f}" for f in fits]
    # English kinds are the fits' own words; each has a Chinese translation
    assert list(frame.loc["R² type"]) == [f.rsquared_kind for f in fits]
    zh = regression_table(fits, lang="zh").frame.loc["R² 类型"]
    assert all(re.search(r"[\u4e00-\u9fff]", k) for k in zh), list(zh)
    assert list(frame.loc["Entity fixed effects"]) == ["No", "Yes", "Yes", "No"]
    assert list(frame.loc["Time fixed effects"]) == ["No", "No", "Yes", "No"]
    assert list(frame.loc["Estimator"]) == [
        "Pooled OLS",
        "Fixed effects",
        "Two-way fixed effects",
        "First differences",
    ]
    cov = list(frame.loc["Standard errors"])
    assert cov[0] == cov[1] == "Clustered by entity (Stata)"
    assert cov[2] == "Conventional (Stata)" and cov[3] == "Heteroskedasticity-robust (Stata)"
    assert list(frame.loc["Dependent variable"]) == ["ln GDP of the zone"] * 4
    # the constant comes after every slope
    coefs = [lab for lab, k in zip(frame.index, table.kinds, strict=True) if k == "coef"]
    assert coefs[-1] == "Constant"


def test_zh_row_headers_and_lagged_log_label(fits):
    frame = regression_table(fits, lang="zh").frame
    assert frame.index.name == "变量"
    for header in ("因变量", "观测值", "个体数", "个体固定效应", "时间固定效应", "R²", "R² 类型"):
        assert header in frame.index
    assert "ln R&D经费内部支出 (t−1)" in frame.index
    assert "ln R&D经费内部支出" in frame.index  # fd column: the same variable without a lag
    en = regression_table(fits, lang="en").frame
    assert "ln Internal R&D expenditure (t−1)" in en.index
    assert en.index.name == "Variable"


def test_tstats_in_parentheses(fits):
    table = regression_table(fits[:2], se="tstats", digits=4)
    rows = coef_rows(table)
    i = rows["ln R&D人员"]
    for j, fit in enumerate(fits[:2]):
        assert table.frame.iat[i, j].startswith(f"{fit.params['rd_personnel']:.4f}")
        assert table.frame.iat[i + 1, j] == f"({fit.tstats['rd_personnel']:.4f})"
    assert "括号内为 t 统计量" in table.notes[0]


def test_star_thresholds_are_strict_and_counted(fits):
    fit = fits[1]
    name, p = next((n, float(p)) for n, p in fit.pvalues.items() if n != "const" and 1e-6 < p < 0.3)
    row = coef_rows(regression_table(fit, lang="en"))

    def cell(stars):
        table = regression_table(fit, lang="en", stars=stars)
        i = row[
            ("ln " if name in fit.spec.log else "")
            + indicator_label(name, "en", unit=False)
            + (" (t\u22121)" if name in dict(fit.spec.lags) else "")
        ]
        return table.frame.iat[i, 0]

    est = f"{fit.params[name]:.3f}"
    assert cell((min(0.99, 3 * p), 1.5 * p, 0.5 * p)) == est + "**"
    assert cell((p,)) == est  # p < p is false: no star at the threshold itself
    assert cell((min(0.99, 2 * p),)) == est + "*"
    assert cell(()) == est
    table = regression_table(fit, lang="en", stars=(0.2, 0.02))
    assert "* p<0.2, ** p<0.02" in table.notes


def test_digits_and_no_negative_zero(fits):
    table = regression_table(fits[0], digits=5, stars=())
    const = fits[0].params["const"]
    assert f"{const:.5f}" in table.frame.iloc[:, 0].tolist()
    # a small negative coefficient rounds to 0.0, never to "-0.0"
    v = fits[0].params["vc_investment"]
    assert -0.05 < v < 0
    tiny = regression_table(fits[0], digits=1, stars=(), lang="en")
    i = coef_rows(tiny)["ln Venture capital invested"]
    assert tiny.frame.iat[i, 0] == "0.0"


def test_extra_rows_and_column_names(fits):
    table = regression_table(
        fits[:2],
        lang="en",
        column_names=["Pooled", "FE"],
        extra_rows={"Wild bootstrap p": [0.01234, None], "Spec": ["A", "B"]},
    )
    frame = table.frame
    assert list(frame.columns) == ["Pooled", "FE"]
    assert list(frame.loc["Wild bootstrap p"]) == ["0.012", ""]
    assert list(frame.loc["Spec"]) == ["A", "B"]
    # extra rows sit between the coefficients and the model rows
    kinds = list(table.kinds)
    assert kinds.index("extra") > max(i for i, k in enumerate(kinds) if k == "se")
    assert kinds.index("extra") < kinds.index("model")


def test_labels_override_keeps_marks(fits):
    table = regression_table(fits[1], lang="en", labels={"rd_expenditure": "R&D", "const": "α"})
    assert "ln R&D (t−1)" in table.frame.index and "α" in table.frame.index


def test_few_clusters_note(fits):
    clustered = regression_table(fits[:2], lang="en")
    assert any("fewer than 30 clusters" in n and "(1), (2)" in n for n in clustered.notes)
    plain = regression_table(fits[2], lang="en")
    assert not any("clusters" in n for n in plain.notes)


# --------------------------------------------------------------------------------------------
# renderers


def test_markdown_latex_html_contain_the_cells(fits):
    table = regression_table(fits, lang="en")
    md, tex, page = table.to_markdown(), table.to_latex(), table.to_html()
    assert table._repr_html_() == page and str(table) == md
    lines = md.splitlines()
    assert lines[0] == "| Variable | (1) | (2) | (3) | (4) |"
    assert lines[1] == "| :--- | :---: | :---: | :---: | :---: |"
    assert len([ln for ln in lines if ln.startswith("|")]) == len(table.frame) + 2
    assert tex.startswith("\\begin{tabular}{lcccc}") and tex.rstrip().endswith("\\end{tabular}")
    assert tex.count("\\midrule") == 3  # header | dependent | coefficients | model rows
    for label, row in zip(table.frame.index, table.frame.itertuples(index=False), strict=True):
        md_row = "| " + " | ".join(str(c).replace("*", "\\*") for c in (label, *row)) + " |"
        assert md_row in lines
        for cell in row:
            if not cell:
                continue
            assert html.escape(cell) in page
            body = cell.rstrip("*")
            stars = cell[len(body) :]
            tex_body = body.replace("&", "\\&").replace("\u2212", "$-$").replace("–", "--")
            if re.fullmatch(r"-\d+\.\d+", tex_body):
                tex_body = "$-$" + tex_body[1:]
            assert tex_body + (f"$^{{{stars}}}$" if stars else "") in tex, cell
    assert "R\\&D" in tex and "R&amp;D" in page
    # stars cannot become Markdown emphasis or a list bullet
    assert re.search(r"(?<!\\)\*", md) is None
    assert "Standard errors in parentheses" in lines[-1]


def test_deterministic(fits):
    a = regression_table(fits, lang="zh")
    b = regression_table(list(fits), lang="zh")
    assert a.to_markdown() == b.to_markdown()
    assert a.to_latex() == b.to_latex() and a.to_html() == b.to_html()


# --------------------------------------------------------------------------------------------
# options


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lang": "fr"}, "'zh', 'en'"),
        ({"se": "pvalues"}, "'std_errors', 'tstats'"),
        ({"stars": (0.01, 0.05)}, "decrease"),
        ({"stars": (1.5,)}, "decrease"),
        ({"stars": "abc"}, "thresholds"),
        ({"digits": -1}, "digits"),
        ({"digits": 2.5}, "digits"),
        ({"column_names": ["a"]}, "1 names for 2 fits"),
        ({"column_names": ["a", "a"]}, "distinct"),
        ({"extra_rows": {"p": [0.1]}}, "1 values for 2 fits"),
    ],
)
def test_bad_options_name_the_allowed_values(fits, kwargs, message):
    with pytest.raises(OptionError, match=re.escape(message)):
        regression_table(fits[:2], **kwargs)


def test_bad_fits():
    with pytest.raises(OptionError, match="at least one"):
        regression_table([])
    with pytest.raises(OptionError, match="not a PanelFit"):
        regression_table([object()])


def test_public_export():
    import gxq_analysis

    assert gxq_analysis.regression_table is regression_table

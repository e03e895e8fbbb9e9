"""Chapter figures: content, languages, input checks and byte-for-byte determinism."""

from __future__ import annotations

import re
import warnings
from itertools import pairwise

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.figure import Figure

from gxq_analysis import config
from gxq_analysis.errors import DataError, OptionError, ZoneError
from gxq_analysis.plan.zones import zone_ids
from gxq_analysis.report import figures, fonts
from gxq_analysis.report.figures import (
    coef_plot,
    configure_notebook,
    event_study_plot,
    figure_bytes,
    gap_bars,
    line_by_zone,
    placebo_gaps_plot,
    province_compare,
    save_figure,
    synth_paths_plot,
)
from gxq_analysis.report.strings import label, scope_label, t, term_label

CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(autouse=True)
def _keep_rcparams():
    with mpl.rc_context():
        yield


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    rng = np.random.default_rng(20160101)
    idx = pd.MultiIndex.from_product([list(zone_ids()), range(2011, 2021)], names=["zone", "year"])
    df = pd.DataFrame(
        {
            "rd_expenditure": rng.uniform(1, 10, len(idx)),
            "revenue": rng.uniform(100, 500, len(idx)),
            "gdp": rng.uniform(50, 900, len(idx)),
        },
        index=idx,
    )
    df.attrs = {"source": "zones_synthetic.csv", "sha256": None, "synthetic": True}
    return df


@pytest.fixture
def progress() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "scope": ["shenyang", "dalian", "first_class", "national_zones", "all_zones"],
            "indicator": "rd_intensity",
            "year": 2018,
            "gap": [-1.2, 0.5, -0.3, np.nan, -2.0],
            "baseline_gap": [-2.0, -0.5, -1.0, -1.5, -2.5],
        }
    )


@pytest.fixture
def event_study() -> pd.DataFrame:
    # the column names of gxq_analysis.did's event-study table, reference row included
    k = np.array([-4, -3, -2, -1, 0, 1, 2, 3, 4])
    coef = np.array([0.01, -0.02, 0.0, 0.0, 0.05, 0.08, 0.1, 0.12, 0.11])
    half = np.where(k == -1, 0.0, 0.05)
    return pd.DataFrame(
        {
            "rel_time": k,
            "year": 2016 + k,
            "coef": coef,
            "se": half / 1.96,
            "ci_lower": coef - half,
            "ci_upper": coef + half,
        }
    )


@pytest.fixture
def coefs() -> pd.DataFrame:
    terms = ["L1.log_rd_expenditure", "log_vc_investment", "log_rd_personnel"]
    est = [0.3, 0.1, 0.2, 0.35, 0.12, 0.18]
    df = pd.DataFrame({"term": terms * 2, "model": ["fe"] * 3 + ["re"] * 3, "estimate": est})
    df["ci_lower"] = df["estimate"] - 0.1
    df["ci_upper"] = df["estimate"] + 0.1
    return df


@pytest.fixture
def provinces() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    names = ["全国", "辽宁", "北京", "上海", "吉林"]
    rows = [(p, y, rng.uniform(0.5, 6)) for p in names for y in range(2010, 2024)]
    return pd.DataFrame(rows, columns=["province", "year", "value"])


def _legend(ax) -> list[str]:
    return [x.get_text() for x in ax.get_legend().get_texts()]


def _vlines(ax) -> list[float]:
    out = []
    for line in ax.get_lines():
        x = np.asarray(line.get_xdata(), dtype=float)
        if len(x) == 2 and x[0] == x[1] and line.get_linestyle() == "--":
            out.append(float(x[0]))
    return sorted(out)


# ------------------------------------------------------------------------------------------
# line_by_zone


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_line_by_zone_texts_and_lines(panel, lang):
    fig = line_by_zone(panel, "rd_intensity", lang=lang, highlight=["沈阳", "Dalian"])
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    name = label("rd_intensity", lang, unit=False)
    assert ax.get_title() == t("fig.trend_title", lang, indicator=name, start=2011, end=2020)
    assert ax.get_ylabel() == label("rd_intensity", lang)
    assert ax.get_xlabel() == t("fig.year", lang)
    assert _legend(ax) == [
        scope_label("shenyang", lang),
        scope_label("dalian", lang),
        t("fig.other_zones", lang),
    ]
    # one line per zone; R&D intensity crosses no statistical break, so no marker
    zone_lines = [ln for ln in ax.get_lines() if ln.get_linestyle() != "--"]
    assert len(zone_lines) == len(zone_ids())
    assert _vlines(ax) == []
    # GDP is hit by the 2016 correction and the 2019 census revision
    ax = line_by_zone(panel, "gdp", lang=lang).axes[0]
    assert _vlines(ax) == [2015.5, 2018.5]
    texts = [a.get_text() for a in ax.texts]
    assert t("fig.break.2016", lang) in texts and t("fig.break.2019", lang) in texts
    assert tuple(fig.get_size_inches()) == (9.0, 5.0) and fig.dpi == figures.DPI


def test_line_by_zone_plots_the_ratio_computed_independently(panel):
    fig = line_by_zone(panel, "rd_intensity", lang="en", highlight="shenyang")
    ax = fig.axes[0]
    shenyang = next(ln for ln in ax.get_lines() if ln.get_label() == scope_label("shenyang", "en"))
    sub = panel.xs("shenyang", level="zone")
    expected = 100.0 * sub["rd_expenditure"] / sub["revenue"]
    np.testing.assert_allclose(shenyang.get_xdata(), sub.index.to_numpy())
    np.testing.assert_allclose(shenyang.get_ydata(), expected.to_numpy(), rtol=1e-12)


def test_line_by_zone_subset_and_breaks(panel):
    fig = line_by_zone(panel, "gdp", lang="en", zones=["shenyang", "鞍山"], breaks=())
    ax = fig.axes[0]
    assert len(ax.get_lines()) == 2
    assert _vlines(ax) == []
    fig = line_by_zone(panel, "gdp", lang="en", breaks=[2014])
    assert _vlines(fig.axes[0]) == [2013.5]
    assert t("fig.break.other", "en", year=2014) in [a.get_text() for a in fig.axes[0].texts]


def test_line_by_zone_accepts_long_tables(panel):
    fig = line_by_zone(panel.reset_index(), "gdp", lang="en", zones="dalian")
    (line,) = fig.axes[0].get_lines()[:1]
    np.testing.assert_allclose(line.get_ydata(), panel.xs("dalian", level="zone")["gdp"])


def test_synthetic_note_follows_attrs_and_parameter(panel):
    def notes(fig):
        return [x.get_text() for x in fig.texts]

    fig = line_by_zone(panel, "gdp", lang="zh", source="data/demo/zones_synthetic.csv")
    assert notes(fig) == [t("fig.synthetic_note", "zh", source="data/demo/zones_synthetic.csv")]
    assert fig.texts[0].get_color() == "#b00020"
    # by default the source comes from attrs, shortened: never an absolute path
    fig = line_by_zone(panel, "gdp", lang="en")
    assert notes(fig) == [t("fig.synthetic_note", "en", source="zones_synthetic.csv")]
    elsewhere = panel.copy()
    elsewhere.attrs = {**panel.attrs, "source": str(config.CODEBOOK_CSV)}
    fig = line_by_zone(elsewhere, "gdp", lang="en")
    assert notes(fig) == [t("fig.synthetic_note", "en", source="data/codebook.csv")]
    real = panel.copy()
    real.attrs = {"synthetic": False}
    assert notes(line_by_zone(real, "gdp", lang="en")) == []
    assert notes(line_by_zone(real, "gdp", lang="en", synthetic=True)) == [
        t("fig.synthetic_note_plain", "en")
    ]
    assert notes(line_by_zone(real, "gdp", lang="en", source="x.csv")) == [
        t("fig.source_note", "en", source="x.csv")
    ]


def test_line_by_zone_input_errors(panel):
    with pytest.raises(OptionError, match=r"indicator='nope'.*'gdp'"):
        line_by_zone(panel, "nope", lang="en")
    with pytest.raises(ZoneError, match="unknown zone"):
        line_by_zone(panel, "gdp", lang="en", zones=["atlantis"])
    with pytest.raises(OptionError, match=r"highlight='benxi'"):
        line_by_zone(panel, "gdp", lang="en", zones=["shenyang"], highlight="benxi")
    with pytest.raises(DataError, match="missing column"):
        line_by_zone(pd.DataFrame({"zone": ["shenyang"]}), "gdp", lang="en")
    with pytest.raises(OptionError, match="lang"):
        line_by_zone(panel, "gdp", lang="de")


# ------------------------------------------------------------------------------------------
# other figures


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_gap_bars(progress, lang):
    fig = gap_bars(progress, lang=lang)
    ax = fig.axes[0]
    widths = [p.get_width() for p in ax.patches]
    np.testing.assert_allclose(widths, [-1.2, 0.5, -0.3, 0.0, -2.0])  # NaN drawn as no bar
    # first row on top: its bar has the highest y, and each bar carries its scope's label
    ticks = dict(zip(ax.get_yticks(), (x.get_text() for x in ax.get_yticklabels()), strict=True))
    ys = [p.get_y() + p.get_height() / 2 for p in ax.patches]
    assert ys == sorted(ys, reverse=True)
    assert [ticks[y] for y in ys] == [scope_label(s, lang) for s in progress["scope"]]
    assert t("fig.gap_end", lang, year=2018) in ax.get_xlabel()
    assert t("unit.pp", lang) in ax.get_xlabel()
    assert ax.get_title() == t(
        "fig.gap_title", lang, indicator=label("rd_intensity", lang, unit=False)
    )
    texts = [a.get_text() for a in ax.texts]
    assert "-1.2" in texts and ("—" if lang == "zh" else "n/a") in texts
    lo, hi = ax.get_xlim()
    assert lo < -2.5 and hi > 0.5  # every bar and baseline marker inside the axes


def test_gap_bars_needs_an_indicator_when_several(progress):
    both = pd.concat([progress, progress.assign(indicator="export_share")])
    with pytest.raises(OptionError, match=r"several indicators.*'rd_intensity'.*'export_share'"):
        gap_bars(both, lang="en")
    fig = gap_bars(both, lang="en", indicator="export_share")
    assert len(fig.axes[0].patches) == len(progress)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_event_study_plot(event_study, lang):
    fig = event_study_plot(event_study, lang=lang, outcome="revenue", synthetic=True)
    ax = fig.axes[0]
    container = ax.containers[0]
    x, y = container.lines[0].get_data()
    keep = event_study["rel_time"] != -1
    np.testing.assert_allclose(x, event_study.loc[keep, "rel_time"])
    np.testing.assert_allclose(y, event_study.loc[keep, "coef"])
    ref = next(ln for ln in ax.get_lines() if ln.get_label() == t("fig.reference", lang))
    assert list(ref.get_xdata()) == [-1] and list(ref.get_ydata()) == [0.0]
    assert _vlines(ax) == [-0.5]
    ticks = [x.get_text() for x in ax.get_xticklabels()]
    assert ticks[0] == "\u22124\n2012" and ticks[-1] == "4\n2020"
    assert ax.get_title() == t("fig.es_title", lang, outcome=label("revenue", lang, unit=False))
    assert [x.get_text() for x in fig.texts] == [t("fig.synthetic_note_plain", lang)]


def test_event_study_without_reference_row(event_study):
    es = event_study[event_study["rel_time"] != -1].rename(
        columns={"rel_time": "event_time", "coef": "estimate"}
    )
    fig = event_study_plot(es, lang="en")
    ref = next(ln for ln in fig.axes[0].get_lines() if ln.get_label() == t("fig.reference", "en"))
    assert list(ref.get_xdata()) == [-1]
    with pytest.raises(DataError, match="ci_upper"):
        event_study_plot(es.drop(columns="ci_upper"), lang="en")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_coef_plot(coefs, lang):
    fig = coef_plot(coefs, lang=lang)
    ax = fig.axes[0]
    assert _legend(ax) == [t("model.fe", lang), t("model.re", lang)]
    for container, model in zip(ax.containers, ["fe", "re"], strict=True):
        x, _ = container.lines[0].get_data()
        np.testing.assert_allclose(x, coefs.loc[coefs["model"] == model, "estimate"])
    labels = [x.get_text() for x in ax.get_yticklabels()]
    assert labels == [term_label(x, lang) for x in coefs["term"].unique()]


def test_coef_plot_single_model_has_no_legend(coefs):
    fig = coef_plot(coefs[coefs["model"] == "fe"].drop(columns="model"), lang="en")
    assert fig.axes[0].get_legend() is None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_province_compare(provinces, lang):
    fig = province_compare(provinces, lang=lang, indicator="rd_intensity")
    ax = fig.axes[0]
    names = _legend(ax)
    assert names == [
        "辽宁" if lang == "zh" else "Liaoning",
        t("fig.national", lang),
        t("fig.other_provinces", lang),
    ]
    liaoning = next(ln for ln in ax.get_lines() if ln.get_label() == names[0])
    sub = provinces[provinces["province"] == "辽宁"].sort_values("year")
    np.testing.assert_allclose(liaoning.get_ydata(), sub["value"])
    national = next(ln for ln in ax.get_lines() if ln.get_label() == names[1])
    assert national.get_linestyle() == "--"
    with pytest.raises(OptionError, match=r"highlight='西藏'"):
        province_compare(provinces, lang=lang, highlight="西藏")


# ------------------------------------------------------------------------------------------
# fonts in figures


def test_chinese_figure_draws_with_the_packaged_font_without_missing_glyphs(panel, caplog):
    fig = line_by_zone(panel, "rd_intensity", lang="zh", highlight="shenyang", synthetic=True)
    with warnings.catch_warnings(), caplog.at_level("INFO", logger="matplotlib"):
        # matplotlib warns "Glyph ... missing from font(s)" for every box it would draw, and
        # logs "findfont: Failed to find font weight bold" for a face the font lacks
        warnings.simplefilter("error")
        figure_bytes(fig)
    assert not [r for r in caplog.records if r.levelno >= 30], caplog.text
    title = fig.axes[0].title
    assert CJK.search(title.get_text())
    path = font_manager.findfont(title.get_fontproperties(), fallback_to_default=False)
    assert path == str(fonts.cjk_font_path())  # the packaged file, not a system font
    # drawn under other global rcParams later (a user's notebook), the text keeps its font
    with mpl.rc_context({"font.family": ["DejaVu Sans"]}), warnings.catch_warnings():
        warnings.simplefilter("error")
        figure_bytes(fig)


# ------------------------------------------------------------------------------------------
# determinism and output


def test_same_figure_twice_gives_identical_png_svg_pdf(panel):
    a = line_by_zone(panel, "rd_intensity", lang="zh", highlight="dalian")
    b = line_by_zone(panel, "rd_intensity", lang="zh", highlight="dalian")
    png_a, png_b = figure_bytes(a), figure_bytes(b)
    assert png_a.startswith(b"\x89PNG") and png_a == png_b
    assert b"Software" not in png_a and b"Matplotlib" not in png_a
    svg_a, svg_b = figure_bytes(a, "svg"), figure_bytes(b, "svg")
    assert svg_a == svg_b
    assert b"<dc:date>" not in svg_a and b"Matplotlib v" not in svg_a
    assert figure_bytes(a, "pdf") == figure_bytes(b, "pdf")


def test_global_savefig_settings_do_not_leak_in(panel):
    fig = line_by_zone(panel, "gdp", lang="en", zones="shenyang")
    plain = figure_bytes(fig)
    with mpl.rc_context({"savefig.bbox": "tight", "savefig.transparent": True}):
        assert figure_bytes(fig) == plain


def test_unchecked_defaults_would_not_be_deterministic(panel):
    # why the metadata matter: matplotlib's default PNG names its version
    fig = line_by_zone(panel, "gdp", lang="en")
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    assert b"Software" in buf.getvalue()


def test_save_figure_by_suffix(panel, tmp_path):
    fig = line_by_zone(panel, "gdp", lang="en", zones="shenyang")
    png = save_figure(fig, tmp_path / "f.png")
    assert png.read_bytes() == figure_bytes(fig, "png")
    assert save_figure(fig, tmp_path / "f.svg").read_bytes().lstrip().startswith(b"<?xml")
    with pytest.raises(OptionError, match=r"fmt='gif'.*'png'"):
        save_figure(fig, tmp_path / "f.gif")


def test_configure_notebook_outside_ipython_sets_fonts_and_pandas():
    options = ["display.width", "display.max_columns", "display.precision"]
    saved = {o: pd.get_option(o) for o in options}
    try:
        lang = configure_notebook("zh")
        assert lang == "zh"
        assert mpl.rcParams["svg.hashsalt"] == figures.style_rc(lang)["svg.hashsalt"]
        assert mpl.rcParams["font.family"] == fonts.font_rc(lang)["font.family"]
        assert pd.get_option("display.width") == 120
    finally:
        for o, v in saved.items():
            pd.set_option(o, v)


@pytest.mark.notebooks
def test_configure_notebook_in_a_kernel_gives_identical_outputs():
    """Run a tiny chapter twice in real kernels: one PNG per figure, no version chunk, and the
    same bytes both times."""
    import base64

    import nbformat
    from nbclient import NotebookClient

    cells = [
        "from gxq_analysis.report.figures import configure_notebook, event_study_plot\n"
        "import pandas as pd\nfig_lang = configure_notebook('zh')",
        "es = pd.DataFrame({'event_time': [-2, 0, 1], 'estimate': [0.0, 0.1, 0.2],\n"
        "                   'ci_lower': [-0.1, 0.0, 0.1], 'ci_upper': [0.1, 0.2, 0.3]})\n"
        "event_study_plot(es, lang='zh', synthetic=True)",
    ]

    def run() -> list:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
        NotebookClient(nb, kernel_name="python3", timeout=120).execute()
        return nb.cells[1].outputs

    first, second = run(), run()
    assert first == second
    images = [o["data"]["image/png"] for o in first if "image/png" in o.get("data", {})]
    assert len(images) == 1  # shown once: the returned Figure, no pyplot duplicate
    raw = base64.b64decode(images[0])
    assert raw.startswith(b"\x89PNG") and b"Software" not in raw
    assert not [o for o in first if o.get("name") == "stderr"]


@pytest.fixture(scope="module")
def synth_result():
    from gxq_analysis import simulate_zone_panel, synth_did

    sim = simulate_zone_panel(8, n_treated=2, seed=3)
    return synth_did(sim, "revenue", treated=("sim0001", "sim0002"), start=2016, reps=20)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_synth_paths_plot(synth_result, lang):
    traj = synth_result.trajectory
    fig = synth_paths_plot(traj, lang=lang, outcome="revenue", synthetic=True)
    ax = fig.axes[0]
    lines = [ln for ln in ax.get_lines() if not ln.get_label().startswith("_")]
    assert [ln.get_label() for ln in lines] == [
        t("fig.treated_mean", lang),
        t("fig.synthetic.sdid", lang),
    ]
    np.testing.assert_allclose(lines[0].get_ydata(), traj["treated"])
    np.testing.assert_allclose(lines[1].get_ydata(), traj["synthetic"])
    assert _vlines(ax) == [2015.5]
    assert ax.get_title() == t("fig.synth_title", lang, outcome=label("revenue", lang, unit=False))
    assert [x.get_text() for x in fig.texts] == [t("fig.synthetic_note_plain", lang)]
    with pytest.raises(DataError, match="synthetic"):
        synth_paths_plot(traj.drop(columns="synthetic"), lang=lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_placebo_gaps_plot(synth_result, lang):
    s = synth_result
    gap = s.trajectory["treated"] - s.trajectory["synthetic"]
    fig = placebo_gaps_plot(s.placebo_gaps, gap, lang=lang, outcome="revenue", synthetic=True)
    ax = fig.axes[0]
    grey = [ln for ln in ax.get_lines() if ln.get_color() == figures.GREY]
    assert len(grey) == s.placebo_gaps.shape[1] == 15  # C(6, 2) pairs of controls
    red = [ln for ln in ax.get_lines() if ln.get_color() == figures.RED and ln.get_marker() == "o"]
    np.testing.assert_allclose(red[0].get_ydata(), gap)
    assert _legend(ax) == [t("fig.placebo_paths", lang), t("fig.treated_mean", lang)]
    a, b = (
        figure_bytes(fig),
        figure_bytes(
            placebo_gaps_plot(s.placebo_gaps, gap, lang=lang, outcome="revenue", synthetic=True)
        ),
    )
    assert a == b
    with pytest.raises(DataError, match="in_space"):
        placebo_gaps_plot(pd.DataFrame(), gap, lang=lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_gap_heatmap(progress_all, lang):
    from gxq_analysis.report.figures import gap_heatmap

    fig = gap_heatmap(progress_all, lang=lang, synthetic=True)
    ax = fig.axes[0]
    zones = [z for z in zone_ids() if z in set(progress_all["scope"])]
    assert [x.get_text() for x in ax.get_yticklabels()] == [scope_label(z, lang) for z in zones]
    # the cells print the gaps (one decimal), zone by zone, indicator by indicator
    cells = [x.get_text() for x in ax.texts]
    first = progress_all[progress_all["scope"] == zones[0]]
    assert cells[: len(first)] == [f"{g:.1f}" for g in first["gap"]]
    assert ax.get_title() == t("fig.heat_title", lang)
    with pytest.raises(DataError, match="no zone rows"):
        gap_heatmap(progress_all[progress_all["scope_kind"] != "zone"], lang=lang)


@pytest.fixture(scope="module")
def progress_all():
    from gxq_analysis import benchmark_progress, load_panel

    return benchmark_progress(load_panel(), "midterm")


def _chapter_figures(lang: str):
    """Every figure function, on the demo panel and its evaluations, as the chapters call
    them (the longest labels a chapter draws: Chinese zone and indicator names, data notes)."""
    from gxq_analysis import benchmark_progress, evaluate_policy, gap_heatmap, load_panel
    from gxq_analysis.evaluation.province_policy import province_evaluation
    from gxq_analysis.report.figures import province_paths_plot, province_placebo_plot
    from gxq_analysis.report.views import policy as pv, province_policy as ppv
    from gxq_analysis.report.views.benchmarks import progress_indicators

    panel = load_panel()
    progress = benchmark_progress(panel, "midterm")
    yield gap_heatmap(progress, lang=lang)
    for indicator in progress_indicators(progress):
        yield gap_bars(progress, indicator=indicator, lang=lang)
    policy = evaluate_policy(panel, pv.DID_OUTCOMES[:1])
    for outcome, fits in policy.synth.items():
        path = fits["sdid"].trajectory
        yield synth_paths_plot(path, outcome=outcome, lang=lang)
        gap = path["treated"] - path["synthetic"]
        yield placebo_gaps_plot(fits["sdid"].placebo_gaps, gap, outcome=outcome, lang=lang)
    for outcome, result in policy.did.items():
        yield event_study_plot(result.event_study, outcome=outcome, lang=lang)
    yield line_by_zone(panel, "rd_intensity", lang=lang, highlight=["shenyang", "dalian"])
    real = province_evaluation(2018)
    names = ppv.figure_kwargs(real, lang)
    yield province_paths_plot(
        {o: r.trajectory for o, r in real.results.items()},
        lang=lang, start=2016, source=real.source, **names,
    )  # fmt: skip
    yield province_placebo_plot(
        {o: r.placebos["att"] for o, r in real.results.items()},
        {o: r.att for o, r in real.results.items()},
        lang=lang, source=real.source, **names,
    )  # fmt: skip


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_chapter_figures_lie_inside_their_canvas(lang, coefs, provinces):
    """Chapters show a figure's whole canvas, drawn once (``figure_png``), instead of
    cropping it to its tight bounding box: right only while constrained layout keeps every
    artist (labels, legends, data notes) inside the canvas. A figure drawing outside it would
    lose those parts; this checks every figure function, and that drawing it again gives the
    same bytes."""
    from gxq_analysis.report.figures.style import figure_png, figure_title

    made = [
        *_chapter_figures(lang),
        coef_plot(coefs, lang=lang),
        province_compare(provinces, lang=lang, indicator="rd_intensity"),
    ]
    for fig in made:
        png = figure_png(fig)
        assert png.startswith(b"\x89PNG") and b"Software" not in png
        box = fig.get_tightbbox(fig.canvas.get_renderer())
        width, height = fig.get_size_inches()
        slack = 1 / fig.dpi  # one pixel
        inside = (
            box.x0 >= -slack
            and box.y0 >= -slack
            and box.x1 <= width + slack
            and box.y1 <= height + slack
        )
        assert inside, (figure_title(fig), box.bounds, (width, height))
        # titles stand at a fixed height (style_rc's axes.titley): none may cover a tick label
        renderer = fig.canvas.get_renderer()
        for ax in fig.axes:
            if not ax.get_title():
                continue
            title = ax.title.get_window_extent(renderer)
            for tick in [*ax.get_xticklabels(which="both"), *ax.get_yticklabels(which="both")]:
                if tick.get_visible() and tick.get_text():
                    assert not title.overlaps(tick.get_window_extent(renderer)), (
                        figure_title(fig),
                        tick.get_text(),
                    )
        assert figure_png(fig) == png  # drawn again: the same bytes


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_gap_heatmap_column_names_do_not_run_into_each_other(progress_all, lang):
    """The indicator names under the heatmap are broken to their column's width (long English
    names were drawn over each other)."""
    from gxq_analysis.report.figures import gap_heatmap
    from gxq_analysis.report.figures.style import figure_png

    fig = gap_heatmap(progress_all, lang=lang)
    figure_png(fig)
    renderer = fig.canvas.get_renderer()
    boxes = sorted(
        (x.get_window_extent(renderer) for x in fig.axes[0].get_xticklabels()),
        key=lambda b: b.x0,
    )
    assert len(boxes) >= 3
    assert all(a.x1 <= b.x0 for a, b in pairwise(boxes)), boxes

"""The real province S&T panel: techme's raw long CSV in, a clean wide (province, year) panel out.

The raw file ``data/province-st/province_st_long.csv`` (Hu Huaping's R package *techme*, MIT
licence, compiled from the China Statistical Yearbook on Science and Technology) is shipped
unchanged with its defects; :func:`clean_province_long` repairs them by the rules below and
:func:`load_province_panel` applies it to the shipped file.

Cleaning rules (each one counted in :class:`ProvinceCleaningReport`):

1. **Names.** Whitespace inside a name is removed (``辽   宁``, ``内蒙 古``, ``黑龙 江``), then
   OCR misreadings are mapped by the explicit table :data:`OCR_NAME_FIXES` (``两藏`` -> 西藏,
   ``内蒙占`` -> 内蒙古, ``山两`` -> 山西). A name that is then not one of the 31 provinces or
   ``全国`` raises :class:`~gxq_analysis.errors.DataError` naming the file row.
2. **Years.** The panel covers 2010-2023 (:data:`YEARS`); rows outside (technology-market
   tables for 2000 and 2005, high-tech firm counts for 2024) are counted and left out.
3. **Missing values.** An empty ``value`` is a missing value: counted, and the cell stays NaN.
4. **Units.** Every amount of money in 万元 is divided by 10,000 to 亿元, so that R&D
   expenditure (and every other amount in yuan) is in 亿元 everywhere; the codebook records each
   variable's raw unit, canonical unit and factor. Amounts in 百万美元 (high-tech trade) keep
   their currency. Four unit *labels* in IndustryRD are wrong in the source (a count labelled
   万元); they are relabelled by the explicit table :data:`UNIT_LABEL_FIXES` (factor 1, values
   continue the series of the correctly labelled years). Any other unexpected unit is an error.
5. **The duplicated R&D total.** ``v4_zh_nbzc_hj`` is in RDActivity (万元) and RDSource (万元),
   and RDIntense publishes the same total rounded to 0.1 亿元 (``v4_ztr_jf_RD``). Rule: keep
   RDActivity's value; RDSource must agree within :data:`RD_TOTAL_TOL_SOURCE` (1 万元: one
   table rounds to whole 万元, the other keeps 0.1 万元) and RDIntense within
   :data:`RD_TOTAL_TOL_INTENSE` (0.05 亿元, half its last digit); a larger gap is a DataError.
   Where RDActivity lacks a value, RDSource's is used, then RDIntense's (counted as fallbacks).

Every row read ends in exactly one of: outside the years, missing value, reconciled duplicate,
or a panel cell; the report checks ``rows_read`` equals their sum.

The provinces, the codebook of variables and the source are in :mod:`.province_codebook`, the
cleaning by these rules in :mod:`.province_clean`; this module reads, validates and loads, and
names every public name of both.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from .. import config
from ..errors import DataError
from ..files import sha256_file
from .province_clean import (
    DUPLICATE_RD_TOTALS as DUPLICATE_RD_TOTALS,
    OCR_NAME_FIXES as OCR_NAME_FIXES,
    RD_TOTAL_TOL_INTENSE as RD_TOTAL_TOL_INTENSE,
    RD_TOTAL_TOL_SOURCE as RD_TOTAL_TOL_SOURCE,
    UNIT_LABEL_FIXES as UNIT_LABEL_FIXES,
    ProvinceCleaningReport,
    canonical_province as canonical_province,
    clean_province_long,
)
from .province_codebook import (
    CANONICAL_NAMES,
    CITATION,
    CITATION_ZH,
    NATIONAL as NATIONAL,
    PROVINCE_CODEBOOK,
    PROVINCE_NAMES as PROVINCE_NAMES,
    PROVINCES as PROVINCES,
    RAW_COLUMNS,
    SOURCE_NAME,
    YEARS,
)


def read_province_long(path: Path | str) -> pd.DataFrame:
    """Read the raw long CSV as strings (nothing converted), checking its header.

    Raises
    ------
    DataError
        If the file cannot be read as UTF-8 CSV or lacks one of :data:`RAW_COLUMNS`.
    """
    path = Path(path)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise DataError(f"cannot read the province CSV: {exc}", file=str(path)) from exc
    missing = [c for c in RAW_COLUMNS if c not in raw.columns]
    if missing:
        raise DataError(
            f"missing column(s) {missing}; expected {list(RAW_COLUMNS)}", file=str(path), row=1
        )
    return raw[list(RAW_COLUMNS)]


def _relative_name(path: Path) -> str:
    """``data/province-st/<file>`` for the shipped file (checkout or wheel), else the path."""
    try:
        return (Path("data") / path.resolve().relative_to(config.DATA_DIR.resolve())).as_posix()
    except ValueError:
        return str(path)


def _check_sha256sums(path: Path, digest: str) -> None:
    """Stop if a SHA256SUMS next to the file lists another hash for it (the file was edited)."""
    sums = path.parent / "SHA256SUMS"
    if not sums.is_file():
        return
    for line in sums.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].lstrip("*") == path.name and parts[0].lower() != digest:
            raise DataError(
                f"sha256 {digest} differs from {parts[0]} recorded in {sums.name}; the raw "
                "province data must not be edited (clean it in code instead)",
                file=str(path),
            )


def validate_province_panel(panel: pd.DataFrame, *, file: str = SOURCE_NAME) -> pd.DataFrame:
    """Check a wide province panel against its pandera schema; return it or raise DataError."""
    columns = {
        code: pa.Column(
            "float64",
            checks=[pa.Check.ge(0)] if nonneg else [],
            nullable=True,
        )
        for code, nonneg in zip(
            PROVINCE_CODEBOOK["code"], PROVINCE_CODEBOOK["nonnegative"], strict=True
        )
    }
    schema = pa.DataFrameSchema(
        columns,
        index=pa.MultiIndex(
            [
                pa.Index(str, name="province", checks=pa.Check.isin(sorted(CANONICAL_NAMES))),
                pa.Index("int64", name="year", checks=pa.Check.in_range(*YEARS)),
            ],
            strict=True,
            ordered=True,
        ),
        strict=True,
        ordered=True,
        checks=[
            pa.Check(lambda d: bool(d.index.is_unique), name="index_unique"),
            pa.Check(lambda d: bool(d.index.is_monotonic_increasing), name="index_sorted"),
        ],
        name="province S&T panel",
    )
    try:
        return schema.validate(panel, lazy=True)
    except SchemaErrors as exc:
        fc = exc.failure_cases
        first = fc.iloc[0]
        raise DataError(
            f"the province panel fails its schema: {first['check']} on {first['column']!r} "
            f"({len(fc)} failure case(s))",
            file=file,
            column=None if pd.isna(first["column"]) else str(first["column"]),
        ) from exc


def load_province_panel(
    *, path: str | Path | None = None, return_report: bool = False
) -> pd.DataFrame | tuple[pd.DataFrame, ProvinceCleaningReport]:
    """The real province S&T panel, 31 provinces and 全国, 2010-2023, cleaned and wide.

    Parameters
    ----------
    path
        The raw long CSV; default the shipped ``data/province-st/province_st_long.csv``,
        whose sha256 must match ``SHA256SUMS`` next to it.
    return_report
        Also return the :class:`ProvinceCleaningReport`.

    Returns
    -------
    pandas.DataFrame or (DataFrame, ProvinceCleaningReport)
        Indexed by ``(province, year)`` (canonical Chinese names, int years), sorted; one
        float64 column per :data:`PROVINCE_CODEBOOK` code in its unit (money in 亿元).
        ``attrs``: ``source``, ``sha256``, ``synthetic`` (False), ``citation``,
        ``citation_zh``, ``license``, ``years``.

    Raises
    ------
    DataError
        See :func:`clean_province_long`; also an unreadable file or a changed shipped file.
    """
    if not isinstance(return_report, bool):
        raise TypeError(f"return_report must be True or False, not {return_report!r}")
    p = Path(path) if path is not None else config.PROVINCE_CSV
    if not p.is_file():
        raise DataError("no such file", file=str(p))
    digest = sha256_file(p)
    _check_sha256sums(p, digest)
    name = _relative_name(p)
    panel, report = clean_province_long(read_province_long(p), file=name)
    panel = validate_province_panel(panel, file=name)
    panel.attrs = {
        "source": name,
        "sha256": digest,
        "synthetic": False,
        "citation": CITATION,
        "citation_zh": CITATION_ZH,
        "license": "MIT (data/province-st/LICENSE-techme.md)",
        "years": YEARS,
    }
    return (panel, report) if return_report else panel

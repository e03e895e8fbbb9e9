"""Assembling sources: a file, a folder of tables or a manifest read into one canonical panel.

The path of a load: :mod:`.discover` (which files, with which layout, sheets and priority) →
for each file :mod:`gxq_analysis.ingest.readers` (bytes to cells, safely) and
:mod:`gxq_analysis.ingest.table` (tables to values) → :mod:`.assemble` (one value per zone,
year and indicator, conflicts settled or refused, every value's place kept) →
:mod:`gxq_analysis.ingest.schema` (the canonical panel, validated). :mod:`.store` keeps the
result of a load keyed by the bytes of every input, so that the chapters of one build read an
evaluator's tables once.
"""

from .load import DataWarning, Sources, load_panel, read_sources

__all__ = ["DataWarning", "Sources", "load_panel", "read_sources"]

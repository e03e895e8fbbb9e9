"""Reading yearbook tables as printed: structure rules, totals and the layout file.

- :mod:`.structure`: which rows are titles, unit lines, headers, units rows and footers;
- :mod:`.totals`: total and sub-total rows and the check of their sums;
- :mod:`.mapping`: the TOML layout file for sheets that no rule reads.

The loader (:mod:`gxq_analysis.ingest.loader`) applies them and records each decision.
"""

"""Reading yearbook tables as printed: structure rules, totals and the layout file.

- :mod:`.structure`: which rows are titles, unit lines, headers, units rows and footers;
- :mod:`.totals`: total and sub-total rows and the check of their sums;
- :mod:`.mapping`: the TOML layout file for sheets that no rule reads;
- :mod:`.cells`: numbers, indicator headers and column units as printed;
- :mod:`.context`: the state of one load and the record of how each sheet was read;
- :mod:`.headers`: where the header is, how many rows it spans, merged cells, units rows;
- :mod:`.columns`: zone, year and indicator columns, and the units a title sets;
- :mod:`.footers`: notes, sources and continued tables below the header;
- :mod:`.rows`: the data rows (one zone-year each) and the check of total rows;
- :mod:`.layouts`: the wide layouts, one sheet per indicator or per zone.

The loader (:mod:`gxq_analysis.ingest.loader`) applies them and records each decision.
"""

"""Reading one table: its labels, where its three axes lie, and its values.

The path of one sheet through this package, each module once and in order:

1. :mod:`.grid` — the sheet's cells, merged cells filled where their text is meant;
2. :mod:`.sheet` — the sheet cut into tables (titles, header, rows, notes);
3. :mod:`.labels` (with :mod:`.text` and :mod:`.cells`) — what every label holds;
4. :mod:`.header` — the header's rows, its label columns and what each column holds;
5. :mod:`.axes` — where the zone, year and indicator of each value come from;
6. :mod:`.units` — the unit of each value;
7. :mod:`.body` — the rows: values, totals (:mod:`.totals`), footnotes, the next table;
8. :mod:`.reading` — what was read and every decision, for ``gxq validate``.

:mod:`.layoutfile` reads the layout file that states what no rule can find.
"""

from .layoutfile import LAYOUTS, LayoutFile, SheetLayout, load_layout
from .reading import FileReading, TableReading, Value
from .sheet import read_sheet

__all__ = [
    "LAYOUTS",
    "FileReading",
    "LayoutFile",
    "SheetLayout",
    "TableReading",
    "Value",
    "load_layout",
    "read_sheet",
]

"""Which notebooks strict nbval compares: the chapters' reading copies (``zh/``, ``en/``).

The chapter sources here (``NN_<chapter>.ipynb``) are kept without outputs: there is nothing
of theirs to compare, and their outputs in each language are their views' (regenerated and
stored by ``python dev.py regen``; see gxq_analysis/publish/literate.py).
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent

collect_ignore = sorted(p.name for p in HERE.glob("*.ipynb"))

"""What the chapters show, shaped from the evaluation results: one module per chapter topic.

Each view takes results of the evaluation layer (or the registry, the plan facts and the panel)
and returns a DataFrame or a dict of numbers ready for :meth:`Chapter.table` and
:meth:`Chapter.say`; codes in the tables are named by the display layer. Chapter notebooks
import the views they use by name (``from gxq_analysis.report.views.policy import did_table``),
so that they hold no computation and an editor resolves every call.
"""

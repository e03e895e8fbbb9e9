"""What the chapters show, shaped from the evaluation results: one module per chapter topic.

Chapter notebooks import the views they use by name (``from gxq_analysis.report.views.policy
import did_table``), so that they hold no computation and an editor resolves every call.
"""

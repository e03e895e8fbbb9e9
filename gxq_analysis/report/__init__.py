"""Presentation: regression and summary tables, figures and fonts, zh/en strings, provenance."""

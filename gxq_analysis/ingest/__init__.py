"""Panels in: the canonical schema, evaluators' spreadsheets, the demo generator, the province panel."""

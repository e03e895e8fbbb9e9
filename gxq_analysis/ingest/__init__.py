"""Panels in: the canonical schema, evaluators' files, the demo generator, the province panel."""

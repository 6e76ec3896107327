"""Exports of the data package to the formats other tools open (one module per format)."""

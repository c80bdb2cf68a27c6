"""Harbour: offline-first intake for reception centres receiving children."""

__version__ = "0.1.0"

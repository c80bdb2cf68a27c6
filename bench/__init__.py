"""Benchmarks: ``python -m bench`` runs all, ``python -m bench NAME`` runs one.

Each figure prints as a readable line and as one JSON line. Benchmarks never fail.
"""

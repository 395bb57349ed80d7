"""Grammars of the range skill: one folder per language."""

"""Rendering: one renderer turns any command's rows into a table, CSV, TSV or JSON."""

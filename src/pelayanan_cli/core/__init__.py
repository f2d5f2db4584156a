"""The pure core: data model, loading, validation, regions, scales and queries.

Nothing here imports Typer or Rich or prints: commands and renderers sit on top of it.
"""

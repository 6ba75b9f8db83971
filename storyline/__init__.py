"""Storyline: track one news story across many outlets (engine package; never imports streamlit)."""

__version__ = "0.1.0"

"""Renderers: results in, text out. Nothing here decides anything."""

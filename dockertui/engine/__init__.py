"""The engine layer: everything that talks to the Docker daemon.

Nothing in this package imports Textual or the UI (an import-linter contract in
pyproject.toml and tests/test_layers.py check it). The UI calls these functions
from thread workers and turns their results into messages.
"""

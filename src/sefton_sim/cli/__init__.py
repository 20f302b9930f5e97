"""The ``sefton-sim`` command line: one module per command group, shared helpers in ``common``.

The top layer: it may import everything; nothing in the package imports it.
"""

from sefton_sim.cli.main import app, main

__all__ = ["app", "main"]

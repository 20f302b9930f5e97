"""The ``sefton-sim`` command line: one module per command group, shared helpers in ``common``.

The top layer: it may import everything; nothing in the package imports it.
"""

import sys

try:
    from sefton_sim.cli.main import app, main
except KeyboardInterrupt:  # Ctrl-C while the command line is still loading
    print("interrupted", file=sys.stderr)
    raise SystemExit(130) from None

__all__ = ["app", "main"]

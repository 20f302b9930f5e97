"""The ``sefton-sim optimise ...`` command group (each optimiser registers its own command)."""

from __future__ import annotations

import typer

optimise_app = typer.Typer(
    no_args_is_help=True,
    help="Optimise with PuLP: where to open in-borough SEND places; which savings close the MTFP gap.",
)

# the command modules register themselves on import
from sefton_sim.optimise import places_command, savings_command  # noqa: E402,F401

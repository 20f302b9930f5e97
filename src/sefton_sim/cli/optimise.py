"""The ``sefton-sim optimise ...`` group (``places`` and ``savings`` register on it) and ``export-instances``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sefton_sim.cli.common import console, default_out_dir, fail_bad_input
from sefton_sim.errors import BadInputError

optimise_app = typer.Typer(
    no_args_is_help=True,
    help="Optimise with PuLP: where to open in-borough SEND places; which savings close the MTFP gap.",
)


def export_instances(
    sizes: Annotated[str, typer.Option("--sizes", help="Comma-separated reference sizes: tiny, small, medium, large.")] = "small,medium",
    folder: Annotated[Path | None, typer.Option("--out", "--folder", help="Where to write (default outputs/instances).")] = None,
) -> None:
    """Write the reference optimisation instances (place programme, savings portfolio) as MPS and LP files."""
    from sefton_sim.optimise import place_reference, savings_reference
    from sefton_sim.shipped import is_inside_package

    target = folder or default_out_dir(None, "instances")
    wanted = [s.strip() for s in sizes.split(",") if s.strip()]
    written = []
    try:
        if is_inside_package(target):
            raise BadInputError("(command line)", "--out", str(target), "a folder outside the installed package (its files are never rewritten)")
        for size in wanted:
            if size not in ("tiny", "small", "medium", "large"):
                raise BadInputError("(command line)", "--sizes", size, "tiny, small, medium or large")
            for name, problem in (
                ("places", place_reference.build_reference_instance(size)[0]),  # type: ignore[arg-type]
                ("savings", savings_reference.build_reference_instance(size).build()[0]),  # type: ignore[arg-type]
            ):
                target.mkdir(parents=True, exist_ok=True)
                mps, lp = target / f"{name}_{size}.mps", target / f"{name}_{size}.lp"
                problem.writeMPS(str(mps))
                problem.writeLP(str(lp))
                written += [mps, lp]
    except BadInputError as exc:
        fail_bad_input(exc)
        return
    for path in written:
        console.print(f"written: {path} ({path.stat().st_size / 1024:,.0f} KiB)", soft_wrap=True)

"""The ``sefton-sim optimise ...`` group (``places`` and ``savings`` register on it) and ``export-instances``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sefton_sim.cli.common import console, fail_bad_input, output_folder
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
    from sefton_sim.outputs.folders import atomic_folder, write_manifest

    wanted = [s.strip() for s in sizes.split(",") if s.strip()]
    written = []
    try:
        target = output_folder(folder, "instances", "export-instances")
        for size in wanted:
            if size not in ("tiny", "small", "medium", "large"):
                raise BadInputError("(command line)", "--sizes", size, "tiny, small, medium or large")
        with atomic_folder(target, "export-instances") as tmp:
            for size in wanted:
                for name, problem in (
                    ("places", place_reference.build_reference_instance(size)[0]),  # type: ignore[arg-type]
                    ("savings", savings_reference.build_reference_instance(size).build()[0]),  # type: ignore[arg-type]
                ):
                    mps, lp = f"{name}_{size}.mps", f"{name}_{size}.lp"
                    problem.writeMPS(str(tmp / mps))
                    problem.writeLP(str(tmp / lp))
                    written += [mps, lp]
            write_manifest(tmp, {"command": "export-instances", "sizes": wanted, "files": sorted([*written, "manifest.json"])}, "export-instances")
    except BadInputError as exc:
        fail_bad_input(exc)
        return
    for name in written:
        path = target / name
        console.print(f"written: {path} ({path.stat().st_size / 1024:,.0f} KiB)", soft_wrap=True)

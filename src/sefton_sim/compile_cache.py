"""Where the compiled month steps are cached, and whether this machine has compiled them yet.

The SEND and children's package month steps are compiled (numba) the first time they run. An
installed package may sit in a folder nobody can write to, so the compiled code is cached in
a user cache folder: ``$SEFTON_SIM_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/sefton-sim`` or
``~/.cache/sefton-sim`` (numba's own ``NUMBA_CACHE_DIR``, if set, wins), in a subfolder
``numba/<digest>`` named by the source of every compiled module and of the modules whose
functions and constants they compile in (``KERNEL_MODULES``), numba's and Python's versions.
numba checks only the timestamp of a compiled function's own file, so a changed helper in another
file (the casework rule, an inversion helper, the state layout) would otherwise leave the old
machine code in use; a new digest starts a fresh folder instead. A stamp file records that the
kernels of this digest are compiled, so the first run can say that it is compiling.
"""

from __future__ import annotations

import hashlib
import os
import sys
from importlib import metadata
from pathlib import Path

KERNEL_MODULES: tuple[str, ...] = (
    "model/inversion.py",
    "model/states.py",
    "demand/capacity.py",
    "demand/kernel.py",
    "demand/bayes_fit.py",
    "social_care/csc_kernel.py",
)
"""Source files of the compiled code and of what it compiles in (relative to the package folder)."""

COMPILE_STAGES: tuple[str, ...] = ("SEND month step", "children's package month step")
"""The compiled steps, in the order they are compiled."""

STAGE_LINE_PREFIX = "stage"
"""First field of the line the compiling process prints as each stage starts."""


def user_cache_folder() -> Path:
    """The folder this package caches compiled code in (not created here)."""
    explicit = os.environ.get("SEFTON_SIM_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "sefton-sim"


def use_user_cache_folder() -> None:
    """Point numba's cache at the user cache folder, unless ``NUMBA_CACHE_DIR`` is set already.

    Must run before the kernels are imported (numba reads the setting when a function is decorated).
    """
    if os.environ.get("NUMBA_CACHE_DIR"):
        return
    folder = str(user_cache_folder() / "numba" / kernel_source_digest())
    os.environ["NUMBA_CACHE_DIR"] = folder
    if "numba" in sys.modules:  # numba imported before us: set its live config too
        sys.modules["numba"].config.CACHE_DIR = folder


def kernel_source_digest() -> str:
    """16 hex digits naming the compiled code's sources (paths and contents), numba's and Python's versions."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for name in KERNEL_MODULES:
        digest.update(str(package / name).encode())
        digest.update((package / name).read_bytes())
    try:
        numba_version = metadata.version("numba")
    except metadata.PackageNotFoundError:
        numba_version = "unknown"
    digest.update(numba_version.encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()[:16]


def _stamp_path() -> Path:
    return Path(os.environ["NUMBA_CACHE_DIR"]) / f"compiled-{kernel_source_digest()}.stamp"


def kernels_compiled() -> bool:
    """Whether the compiled month steps of this package are already in the cache."""
    try:
        return _stamp_path().is_file()
    except OSError:
        return False


def mark_kernels_compiled() -> None:
    """Record that the month steps are compiled and cached (best effort)."""
    try:
        stamp = _stamp_path()
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text("compiled\n")
    except OSError:
        pass

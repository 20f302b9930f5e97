"""The pieces report sections are made of: a section, the folder's tables read on demand, HTML tables and inlined images."""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from sefton_sim.outputs import report_charts as rc


@dataclass
class Section:
    """One part of the report: a title, HTML blocks and charts in order; or a line saying why it is left out."""

    key: str
    title: str
    blocks: list[str | rc.Chart] = field(default_factory=list)
    omitted_because: str | None = None

    @classmethod
    def omitted(cls, key: str, title: str, reason: str) -> Section:
        """A section left out, with the reason shown in its place."""
        return cls(key, title, [], reason)


class FolderTables:
    """The tables of an output folder, read on demand (Parquet or CSV); None for a table it does not hold."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._cache: dict[str, pl.DataFrame | None] = {}
        manifest = self.folder / "manifest.json"
        self.manifest: dict[str, Any] = json.loads(manifest.read_text(encoding="utf-8")) if manifest.is_file() else {}

    def get(self, name: str) -> pl.DataFrame | None:
        """Table ``name`` (``name.parquet`` or ``name.csv``), or None if the folder has neither."""
        if name not in self._cache:
            frame = None
            for suffix in (".parquet", ".csv"):
                path = self.folder / f"{name}{suffix}"
                if path.is_file():
                    try:
                        frame = pl.read_parquet(path) if suffix == ".parquet" else pl.read_csv(path, infer_schema_length=None, try_parse_dates=True)
                    except (pl.exceptions.PolarsError, OSError, ValueError):
                        frame = None  # a table this page cannot read is left out, like an absent one
                    break
            self._cache[name] = frame
        return self._cache[name]

    def aggregate(self, name: str, query: Callable[[pl.LazyFrame], pl.LazyFrame]) -> pl.DataFrame | None:
        """``query`` run on table ``name`` read lazily (only the columns and rows it needs; the
        table is never held whole unless it is already cached); None if the folder has no readable table."""
        if self._cache.get(name) is not None:
            return query(self._cache[name].lazy()).collect()  # type: ignore[union-attr]
        for suffix in (".parquet", ".csv"):
            path = self.folder / f"{name}{suffix}"
            if path.is_file():
                try:
                    scan = pl.scan_parquet(path) if suffix == ".parquet" else pl.scan_csv(path, infer_schema_length=None, try_parse_dates=True)
                    return query(scan).collect(engine="streaming")
                except (pl.exceptions.PolarsError, OSError, ValueError):
                    return None  # a table this page cannot read is left out, like an absent one
        return None

    def names(self, suffix: str) -> list[str]:
        """File names in the folder ending in ``suffix``, sorted."""
        return sorted(p.name for p in self.folder.iterdir() if p.name.endswith(suffix))


SectionFunction = Callable[[FolderTables], Section]


def table_html(frame: pl.DataFrame, money_columns: Sequence[str] = (), digits: int = 1, max_rows: int = 200, css: str = "") -> str:
    """A polars frame as an HTML table; floats rounded to ``digits`` (counts to whole numbers unless named as money)."""
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = []
    for row in frame.head(max_rows).iter_rows():
        cells = []
        for col, value in zip(frame.columns, row):
            if isinstance(value, float):
                places = digits if (col in money_columns or abs(value) < 100) else 0
                cells.append(f'<td class="num">{value:,.{places}f}</td>')
            elif isinstance(value, int) and not isinstance(value, bool):
                cells.append(f'<td class="num">{value:,}</td>')
            else:
                text = "" if value is None else str(value)
                cells.append(f'<td class="long">{html.escape(text)}</td>' if len(text) > 60 else f"<td>{html.escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = f'<p class="note">First {max_rows} of {frame.height} rows; the full table is in the folder.</p>' if frame.height > max_rows else ""
    return f'<div class="table"><table class="{css}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>{more}'


def image_html(path: Path, alt_text: str) -> str:
    """A PNG of the folder inlined as a data URI (no file fetched when the report opens)."""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<figure class="png"><img alt="{html.escape(alt_text)}" src="data:image/png;base64,{data}"><figcaption>{html.escape(path.name)}</figcaption></figure>'

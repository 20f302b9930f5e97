"""The base of every scenario block."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    """Base for every scenario block: unknown keys are errors; values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)

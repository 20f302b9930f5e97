"""The SEND state space: age bands, primary needs and settings, in one place.

Both engines index arrays in this order: ``[path, age_band, need, setting]``.
"""

from __future__ import annotations

from typing import Final

AGE_BANDS: Final[tuple[str, ...]] = ("early_years", "primary", "secondary", "post16", "post19")
"""Age bands: early years 0-4, primary 5-10, secondary 11-15, post-16 16-18, post-19 19-25."""

AGE_BAND_WIDTH_YEARS: Final[dict[str, int]] = {
    "early_years": 5,
    "primary": 6,
    "secondary": 5,
    "post16": 3,
    "post19": 7,
}
"""Years of age in each band; each September 1/width of a band moves up (physics, not policy)."""

NEEDS: Final[tuple[str, ...]] = ("asd", "slcn", "semh", "cl", "pso")
"""Primary needs: autism, speech-language-communication, social-emotional-mental-health,
cognition & learning (incl. SpLD/MLD/SLD/PMLD), physical/sensory/other."""

SETTINGS: Final[tuple[str, ...]] = ("mainstream", "sen_unit", "special", "inmss", "college", "ap_other")
"""Settings: mainstream (incl. early-years settings), SEN unit / resourced provision,
maintained special school, independent / non-maintained special (INMSS), post-16 college /
specialist college, alternative provision / EOTAS / other."""

IN_BOROUGH_SPECIALIST: Final[tuple[str, ...]] = ("sen_unit", "special")
"""Settings whose places are limited by in-borough capacity; overflow goes to INMSS."""

SETTING_LABELS: Final[dict[str, str]] = {
    "mainstream": "Mainstream",
    "sen_unit": "SEN unit / resourced provision",
    "special": "Maintained special school",
    "inmss": "Independent / non-maintained special (INMSS)",
    "college": "Post-16 college / specialist college",
    "ap_other": "AP / EOTAS / other",
}

A: Final[int] = len(AGE_BANDS)
N: Final[int] = len(NEEDS)
S: Final[int] = len(SETTINGS)

MAINSTREAM: Final[int] = SETTINGS.index("mainstream")
SEN_UNIT: Final[int] = SETTINGS.index("sen_unit")
SPECIAL: Final[int] = SETTINGS.index("special")
INMSS: Final[int] = SETTINGS.index("inmss")
COLLEGE: Final[int] = SETTINGS.index("college")
AP_OTHER: Final[int] = SETTINGS.index("ap_other")
SPECIALIST_IDX: Final[tuple[int, int]] = (SEN_UNIT, SPECIAL)
POST19: Final[int] = AGE_BANDS.index("post19")
EARLY_YEARS: Final[int] = AGE_BANDS.index("early_years")


def index_of(kind: str, name: str) -> int:
    """Position of ``name`` among the age bands, needs or settings (``kind``)."""
    table = {"age_band": AGE_BANDS, "need": NEEDS, "setting": SETTINGS}[kind]
    return table.index(name)

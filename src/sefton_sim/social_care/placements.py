"""Children's social care (CSC) state space: placement types, age bands, SSDA903 code mapping.

Arrays for children looked after are indexed ``[path, month, placement_type, age_band]`` in the
order of ``PLACEMENT_TYPES`` and ``AGE_BANDS`` below.
"""

from __future__ import annotations

from typing import Final

PLACEMENT_TYPES: Final[tuple[str, ...]] = (
    "in_house_fostering",
    "ifa_fostering",
    "residential",
    "supported_accommodation",
    "parents_kinship_other",
)
"""Placement types: council (and other public) foster carers, independent fostering agency,
residential (children's homes, secure units, residential schools, NHS, YOI), supported /
semi-independent accommodation (16+), and placed with parents / kinship / other."""

PLACEMENT_TYPE_LABELS: Final[dict[str, str]] = {
    "in_house_fostering": "In-house fostering",
    "ifa_fostering": "Independent fostering agency",
    "residential": "Residential",
    "supported_accommodation": "Supported accommodation (16+)",
    "parents_kinship_other": "With parents / kinship / other",
}
"""Report labels for the placement types."""

AGE_BANDS: Final[tuple[str, ...]] = ("0_4", "5_9", "10_15", "16_17")
"""Age bands of children looked after (years of age); care ends at the 18th birthday."""

AGE_BAND_BOUNDS_YEARS: Final[dict[str, tuple[int, int]]] = {
    "0_4": (0, 5),
    "5_9": (5, 10),
    "10_15": (10, 16),
    "16_17": (16, 18),
}
"""Age band limits in years, ``[from, to)`` (physics, not policy)."""

AGE_BAND_WIDTH_MONTHS: Final[dict[str, int]] = {band: 12 * (hi - lo) for band, (lo, hi) in AGE_BAND_BOUNDS_YEARS.items()}
"""Months of age in each band (the package engine moves 1/width of a band up each month)."""

LEAVING_CARE_AGE_YEARS: Final[int] = 18
"""Children stop being looked after at their 18th birthday."""

AGE_MONTHS: Final[int] = 12 * LEAVING_CARE_AGE_YEARS
"""Whole months of age a looked-after child can have, 0..215 (216 is the 18th birthday)."""

AGE_MONTH_BANDS: Final[tuple[int, ...]] = tuple(
    next(a for a, (lo, hi) in enumerate(AGE_BAND_BOUNDS_YEARS.values()) if 12 * lo <= m < 12 * hi) for m in range(AGE_MONTHS)
)
"""Index of the age band of each whole month of age 0..215."""

FOSTER_PLACE_CODES: Final[frozenset[str]] = frozenset({"U4", "U5", "U6"})
"""SSDA903 PLACE codes for foster placements with carers who are not connected persons;
split into in-house / IFA by PLACE_PROVIDER."""

IN_HOUSE_PROVIDERS: Final[frozenset[str]] = frozenset({"PR1", "PR2", "PR3"})
"""PLACE_PROVIDER codes for public providers: own council, other council, other public."""

IFA_PROVIDERS: Final[frozenset[str]] = frozenset({"PR4", "PR5"})
"""PLACE_PROVIDER codes for private and voluntary providers (independent fostering agencies)."""

PLACE_CODE_TYPES: Final[dict[str, str]] = {
    # Connected-person (family and friends) foster placements.
    "U1": "parents_kinship_other",
    "U2": "parents_kinship_other",
    "U3": "parents_kinship_other",
    # Foster placements with other carers: provider decides in-house vs IFA.
    "U4": "in_house_fostering or ifa_fostering (by PLACE_PROVIDER)",
    "U5": "in_house_fostering or ifa_fostering (by PLACE_PROVIDER)",
    "U6": "in_house_fostering or ifa_fostering (by PLACE_PROVIDER)",
    # Residential settings.
    "K1": "residential",  # secure children's home
    "K2": "residential",  # children's home
    "R1": "residential",  # residential care home
    "R2": "residential",  # NHS / health trust
    "R5": "residential",  # young offender institution
    "S1": "residential",  # residential school
    # Supported / independent living.
    "H5": "supported_accommodation",  # semi-independent living
    "P2": "supported_accommodation",  # independent living
    "P3": "supported_accommodation",  # residential employment
    # With parents, placed for adoption, family centre, temporary, other.
    "P1": "parents_kinship_other",  # placed with parents
    "A3": "parents_kinship_other",
    "A4": "parents_kinship_other",
    "A5": "parents_kinship_other",
    "A6": "parents_kinship_other",
    "R3": "parents_kinship_other",  # family centre / mother and baby unit
    "T0": "parents_kinship_other",
    "T1": "parents_kinship_other",
    "T2": "parents_kinship_other",
    "T3": "parents_kinship_other",
    "T4": "parents_kinship_other",
    "Z1": "parents_kinship_other",
    "*": "parents_kinship_other",  # any other code
}
"""SSDA903 PLACE code -> placement type, printable. U4-U6 depend on PLACE_PROVIDER:
PR1/PR2/PR3 -> in_house_fostering, PR4/PR5 -> ifa_fostering (anything else: in-house)."""


def placement_type(place: str, provider: str) -> str:
    """Placement type for an SSDA903 PLACE code and PLACE_PROVIDER code.

    Foster placements with other carers (U4/U5/U6) are ``ifa_fostering`` when the provider is
    private or voluntary (PR4/PR5) and ``in_house_fostering`` otherwise (PR1/PR2/PR3, or a
    missing provider). Other codes follow ``PLACE_CODE_TYPES``; unknown codes are
    ``parents_kinship_other``.
    """
    code = (place or "").strip().upper()
    if code in FOSTER_PLACE_CODES:
        return "ifa_fostering" if (provider or "").strip().upper() in IFA_PROVIDERS else "in_house_fostering"
    mapped = PLACE_CODE_TYPES.get(code, PLACE_CODE_TYPES["*"])
    return mapped


def age_band(age_years: float) -> str | None:
    """Age band for an age in whole or fractional years; ``None`` at 18 or over."""
    for band, (lo, hi) in AGE_BAND_BOUNDS_YEARS.items():
        if lo <= age_years < hi:
            return band
    return None

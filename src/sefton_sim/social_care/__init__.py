"""Children's social care: SSDA903 returns, placement types, rates, projection, calibration.

May import model, data, scenario and demand's shared pieces (chunking, SimPy clock); never finance or above.
"""

from sefton_sim.social_care.csc_calibration import CscCalibration, calibrate_csc
from sefton_sim.social_care.csc_estimation import CscRates, estimate_csc_rates
from sefton_sim.social_care.csc_projection import CscProjection, project_csc, project_csc_expected
from sefton_sim.social_care.placements import AGE_BANDS, PLACE_CODE_TYPES, PLACEMENT_TYPES, placement_type
from sefton_sim.social_care.ssda903 import Ssda903Episodes, read_ssda903

__all__ = [
    "AGE_BANDS",
    "PLACEMENT_TYPES",
    "PLACE_CODE_TYPES",
    "CscCalibration",
    "CscProjection",
    "CscRates",
    "Ssda903Episodes",
    "calibrate_csc",
    "estimate_csc_rates",
    "placement_type",
    "project_csc",
    "project_csc_expected",
    "read_ssda903",
]

"""Council data folders: CSV tables where every row carries its source.

May import model and errors only; the engines, finance and everything above read from here.
"""

from sefton_sim.data.council import CouncilData, Parameter, load_council_data

__all__ = ["CouncilData", "Parameter", "load_council_data"]

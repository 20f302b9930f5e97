"""sefton_sim: scenario simulation and optimisation of a council's demand-led budgets."""

__version__ = "0.1.0"

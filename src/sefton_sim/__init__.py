"""sefton_sim: scenario simulation and optimisation of a council's demand-led budgets."""

from sefton_sim.compile_cache import use_user_cache_folder

__version__ = "0.1.0"

use_user_cache_folder()

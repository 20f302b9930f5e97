"""The ground floor: the SEND state space, the month calendar and the random-draw primitives.

Everything else may import from here; this package imports nothing of ``sefton_sim`` but
``sefton_sim.errors``.
"""

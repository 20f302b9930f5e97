"""Studies built from many runs: compare (common random numbers), sweep, backtest, bench.

May import outputs, simulate and everything below; never optimise or cli.
"""

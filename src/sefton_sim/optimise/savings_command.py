"""``sefton-sim optimise savings`` (filled in by the savings-portfolio optimiser)."""

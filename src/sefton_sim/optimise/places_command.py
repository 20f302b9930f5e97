"""``sefton-sim optimise places`` (filled in by the place-programme optimiser)."""

"""Optimisation with PuLP: solver profiles and status handling, place programmes, savings portfolios."""

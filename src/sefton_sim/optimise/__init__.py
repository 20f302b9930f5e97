"""Optimisation with PuLP: solver profiles and status handling, place programmes, savings portfolios.

Builders are pure (build -> solve -> extract). May import outputs, simulate and everything below; never studies or cli.
"""

"""Demand engines and the state space and rates they share."""

"""One scenario run: scenario and council data through the engines into the ledgers.

``run.prepare`` loads and checks everything a run needs; ``run.simulate`` runs the engines
(vector core or SimPy reference) over path chunks on an executor (``executors``) and the money
ledgers on their output. May import model, data, scenario, demand, social_care and finance;
never outputs, studies, optimise or cli.
"""

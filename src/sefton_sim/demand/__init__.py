"""SEND demand: the shared rates, the vector core (compiled month step), the SimPy reference, calibration.

``rates`` turns council data and a scenario into ``SendRates``, read by both engines: ``vector``
(production; ``kernel`` is its compiled month step) and ``des`` (the readable SimPy reference).
``calibrate`` fits the unknown rates to the fact series. May import model, data and scenario;
never social_care, finance or anything above.
"""

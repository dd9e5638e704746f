"""Maintenance scripts for the course repository.

Notebooks never import them, with one exception: ``make benchmark`` runs ``tools.benchmark_labs``
inside each solution's kernel, after the notebook has run, to collect its results.
"""

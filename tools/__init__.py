"""Maintenance scripts for the course repository.

Notebooks never import them, with one exception: ``make benchmark`` runs ``tools.benchmark_labs``
inside each solution's kernel, after the notebook has run, to collect its results.

Their functions raise ``tools.errors.ToolError`` when they cannot go on; only a script's ``main()``
turns it into a message on stderr and exit code 1.
"""

"""What a run leaves behind: tidy tables, summaries, charts, the workbook and the output folder.

``folders`` writes output folders safely (temporary name, manifest, rename); ``run_folder``
writes a run's folder; ``results`` and ``finance_report`` make the tidy tables; ``plots`` the fan
charts; ``excel`` the workbook. May import everything below (simulate and the engines); never
studies, optimise or cli.
"""

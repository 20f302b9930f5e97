"""``python -m sefton_sim.cli.first_run``: what a first run on a machine builds once, in a process of its own.

It compiles the month steps on two paths of the shipped baseline and builds the report's script
bundle, both into the user cache folder, printing one line per stage
(``stage<TAB>index<TAB>name``). A command starts it before loading its data
(``compile_notice.compile_ahead``), so the compiler's and the bundler's memory (together about
170 MiB that a process never hands back) is not added to the command's own peak: the command then
loads both from the cache, as every later run does.
"""

from __future__ import annotations

import sys

from sefton_sim.compile_cache import COMPILE_STAGES, STAGE_LINE_PREFIX

FIRST_RUN_STAGES: tuple[str, ...] = (*COMPILE_STAGES, "report scripts")
"""What the first run builds, in order: the compiled month steps, then the report's script bundle."""

WARM_UP_SCENARIO = "baseline"
"""The shipped scenario the month steps are compiled on (every council's tables have the same types)."""


def _announce(index: int, name: str) -> None:
    print(f"{STAGE_LINE_PREFIX}\t{index}\t{name}", flush=True)


def build_first_run_caches() -> int:
    """Compile the month steps and build the report bundle into the cache, announcing each stage; exit status."""
    from sefton_sim.outputs.report_charts import script_bundle
    from sefton_sim.shipped import shipped_scenario
    from sefton_sim.simulate.run import prepare
    from sefton_sim.simulate.warm_up import WARM_UP_PATHS, compile_kernels

    scenario = shipped_scenario(WARM_UP_SCENARIO)
    if scenario is None:
        print(f"the shipped {WARM_UP_SCENARIO} scenario is missing", file=sys.stderr)
        return 1
    announced = {0}
    _announce(0, FIRST_RUN_STAGES[0])  # loading already runs the SEND step (the stock is rolled to the base date)

    def announce_once(index: int, name: str) -> None:
        if index not in announced:
            announced.add(index)
            _announce(index, name)

    compile_kernels(prepare(scenario, paths=WARM_UP_PATHS, horizon_years=1), announce_once)
    _announce(len(COMPILE_STAGES), FIRST_RUN_STAGES[-1])
    script_bundle()
    return 0


if __name__ == "__main__":
    sys.exit(build_first_run_caches())

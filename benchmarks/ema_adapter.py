"""EMA Workbench through the batched core against one call per experiment (EMA's SequentialEvaluator).

The same model (``sim.sweeps.ema.ema_model``) and the same Latin-hypercube sample of 3 levers are
evaluated twice: by ``BatchEvaluator`` (many experiments per call of the vectorised core) and by
EMA's own ``SequentialEvaluator`` (one call per experiment). The outcomes must be identical; the
script prints both wall times, the speed-up and the machine's load before each.

    OMP_NUM_THREADS=1 PYTHONPATH=. python benchmarks/ema_adapter.py --experiments 200
"""

from __future__ import annotations

import argparse
import os
import time
import warnings

import numpy as np

warnings.simplefilter("ignore", UserWarning)


def main() -> None:
    from ema_workbench import perform_experiments
    from ema_workbench.em_framework.evaluators import SequentialEvaluator
    from ema_workbench.em_framework.samplers import LHSSampler

    from sim.runs.runner import as_scenario
    from sim.sweeps import ModelFunction
    from sim.sweeps.ema import BatchEvaluator, ema_model

    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--experiments", type=int, default=200, help="Latin-hypercube experiments over 3 levers")
    p.add_argument("--scenario", default="scenarios/step3_link_employees_with_users.toml", help="base scenario")
    a = p.parse_args()
    f = ModelFunction(
        as_scenario(a.scenario),
        ("empowerment", "training", "team_reward_weight"),
        summary=("npv", "annual_churn", "mean_loyalty"),
    )
    model = ema_model(f, all_uncertain=True)  # EMA 3.0's SequentialEvaluator needs uncertainties
    sample = LHSSampler().generate_samples(list(model.uncertainties), a.experiments)
    s = f.sizes or f.scenario.sizes
    print(
        f"{a.experiments} experiments, {s.n_employees} employees, {s.n_customers} customer slots, "
        f"{f.months or f.scenario.months} months after {f.scenario.warmup} warm-up, one replication each"
    )
    results = {}
    for name, make in (
        ("batched (BatchEvaluator)", lambda: BatchEvaluator(model)),
        ("one call per experiment (SequentialEvaluator)", lambda: SequentialEvaluator(model)),
    ):
        load = os.getloadavg()[0]
        start = time.perf_counter()
        with make() as evaluator:
            experiments, outcomes = perform_experiments(model, scenarios=sample, evaluator=evaluator)
        seconds = time.perf_counter() - start
        results[name] = (seconds, outcomes)
        print(f"{name}: {seconds:.1f} s, {a.experiments / seconds:.1f} experiments/s (1-min load before: {load:.2f})")
    (t_batch, out_batch), (t_row, out_row) = results.values()
    same = all(np.array_equal(out_batch[k], out_row[k]) for k in out_batch)
    print(f"speed-up {t_row / t_batch:.1f}x; identical outcomes: {same}")


if __name__ == "__main__":
    main()

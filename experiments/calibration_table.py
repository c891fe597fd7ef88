"""Print the calibration table of docs/model.md section 7 (measured on the code as it is).

    PYTHONPATH=. python experiments/calibration_table.py
Default parameters and sizes, constant step presets after the 24-month warm-up, 60 recorded
months, base seed 1, 10 replications; summary over the last 12 months; mean +- sd over replications.
"""

from sim.runner import run
from sim.scenario import Scenario

ROWS = [("annual_churn", "`annual_churn`", lambda m, s: f"{100 * m:.1f}% ± {100 * s:.1f}"),
        ("mean_loyalty", "`mean_loyalty`", lambda m, s: f"{m:.3f} ± {s:.3f}"),
        ("mean_satisfaction", "`mean_satisfaction`", lambda m, s: f"{m:.3f} ± {s:.3f}"),
        ("nps", "`nps`", lambda m, s: f"{m:+.1f} ± {s:.1f}"),
        ("employee_turnover", "`employee_turnover` (per year)", lambda m, s: f"{m:.3f} ± {s:.3f}"),
        ("engagement", "`engagement`", lambda m, s: f"{m:.3f}"),
        ("culture_strength", "`culture_strength`", lambda m, s: f"{m:.3f}"),
        ("customers", "`customers` (end)", lambda m, s: f"{m:,.0f} ± {s:,.0f}"),
        ("clv", "`clv` (\\$)", lambda m, s: f"{m:,.0f} ± {s:,.0f}"),
        ("npv", "`npv` (\\$ million, 60 months)", lambda m, s: f"{m / 1e6:.2f} ± {s / 1e6:.2f}")]


def main() -> None:
    summary = run([Scenario.from_step(k) for k in range(1, 6)], replications=10).summary()
    stats = summary.groupby("scenario", sort=False)
    mean, sd = stats.mean(numeric_only=True), stats.std(numeric_only=True)
    print("| metric (last 12 months) | step 1 | step 2 | step 3 | step 4 | step 5 |")
    print("|---|---|---|---|---|---|")
    for key, label, fmt in ROWS:
        print(f"| {label} | " + " | ".join(fmt(mean.loc[s, key], sd.loc[s, key]) for s in mean.index) + " |")


if __name__ == "__main__":
    main()

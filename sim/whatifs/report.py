"""A self-contained HTML report of a comparison: one file to mail, charts embedded as SVG.

Business first: the title is the question asked, then per what-if one plain-words paragraph and
its cost of change, deepest shortfall, break-even month, NPV and return on the change, with the
payback chart; then what the 0-1 indices mean for churn, spending and staff turnover (from the
model's own relations); what each change costs, lever by lever; what each what-if changes; the
statistics detail (every interval, verdicts, multiple comparisons) folded below. The full report
ends with its provenance (paths, command line, seeds); the board variant (``board=True``) has no
file path and no seed (its provenance goes to a JSON file beside it). The page is a Jinja2
template (sim.whatifs.template, which says why).
"""

from __future__ import annotations

import pandas as pd

from ..format import format_values
from ..runs.results import Results
from ..runs.scenario import Scenario
from .business import Business, lever_costs
from .changes import ALWAYS, COST_OF_CHANGE, changes, kind, phase_words
from .charts import CHART_PX, outcomes_chart, payback_chart
from .stats import BASELINE, LEVEL
from .summary import (
    MEANINGS,
    break_even_words,
    cost_assumption,
    meaning_row,
    money,
    npv_words,
    paragraph,
    return_words,
)
from .template import PAGE
from .wording import multiple_comparisons_note, outcome_name

STYLE = """body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222;font-size:17px;line-height:1.45}
h1{font-size:1.9rem}.lead{color:#444}.summary{font-size:1.12rem}
table{border-collapse:collapse;font-size:.95rem;margin:.5rem 0 1rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}
table.business{font-size:1.05rem}table.business th{text-align:left;font-weight:normal}table.business td{font-weight:600;text-align:left;white-space:normal}
td{white-space:nowrap}td:first-child,th:first-child,td.text,th.text{text-align:left;white-space:normal}.better{color:#075}.worse{color:#a10}.negligible{color:#777}
.label{display:inline-block;padding:0 .4rem;border-radius:.3rem;font-size:.85rem;font-weight:normal}.change{background:#fde8c8}
.always{background:#d8e8fb}figure{margin:1rem 0;max-width:%(chart)spx}figure svg{width:100%%;height:auto}figcaption{color:#444}
code{background:#f4f4f4;padding:0 .2rem}dt{font-weight:600}.note{color:#444;font-size:.95rem}
summary{cursor:pointer;margin:.3rem 0}dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dd{margin:0}"""

EXPLAIN = {
    COST_OF_CHANGE: "It starts as the base and changes on a schedule, so the cost of change and the time to "
    "adopt the new practices are in the numbers.",
    ALWAYS: "It has worked this way from the start (the warm-up ran under its policy): the long-run potential "
    "of the difference, without the cost of getting there.",
}


def title_of(scenarios: list[Scenario]) -> str:
    """The question the comparison answers: with several what-ifs the base's ``question`` if it has one, else the first
    what-if's (each what-if's own question heads its section), else 'What if NAME instead of BASE?'."""
    base, others = scenarios[0], scenarios[1:]
    asked = [s.question for s in others if s.question]
    if base.question and len(others) > 1:
        return base.question
    if asked:
        return asked[0]
    return "What if " + " or ".join(s.name for s in others) + f" instead of {base.name}?"


def _whatif(base: Scenario, s: Scenario, b: Business, diffs: dict[str, float], base_levels: dict[str, float]) -> dict:
    label = kind(base, s)
    costs = lever_costs(base, s)
    found = changes(base, s)
    months = sorted({c.month for c in found})
    return dict(
        name=s.name,
        label=label,
        question=s.question,
        css="change" if label == COST_OF_CHANGE else "always" if label == ALWAYS else "",
        paragraph=paragraph(b, diffs, base_levels),
        cost=money(b.cost_of_change) if b.cost_of_change else "none",
        low=(f"{money(b.low_point)} in month {b.low_month}" if b.low_point < 0 else "never behind"),
        break_even=break_even_words(b),
        npv=npv_words(b, " to "),
        ret=return_words(b),
        assumption=cost_assumption(b, costs) if costs else "",
        costs=[
            dict(
                month=c.month,
                lever=c.lever if c.whose == "what-if" else f"{c.lever} (the base's own move)",
                before=f"{c.before:g}",
                after=f"{c.after:g}",
                units=f"{c.units:+.3f}",
                cost=money(c.cost),
            )
            for c in costs
        ],
        no_cost=EXPLAIN.get(label, "it schedules no lever move after month 0."),
        explain=EXPLAIN.get(label, ""),
        schedule=phase_words(s),
        when=", ".join("always (warm-up included)" if m == 0 else f"month {m}" for m in months),
        changes=[
            dict(
                when="always" if c.month == 0 else f"from month {c.month}",
                group=c.group,
                name=c.name,
                meaning=c.meaning,
                base=f"{c.base:g}",
                value=f"{c.value:g}",
                unit=c.unit,
            )
            for c in found
        ],
    )


def _rows(frame: pd.DataFrame) -> list[dict]:
    out = []
    for row in frame.itertuples():
        m, lo, hi = format_values(row.unit, row.mean, row.ci_low, row.ci_high)
        d, dlo, dhi = format_values(row.unit, row.diff_mean, row.diff_low, row.diff_high, signed=True)
        is_base = row.effect == BASELINE
        out.append(
            dict(
                scenario=row.scenario,
                outcome=outcome_name(row.outcome),
                better_when=row.better_when,
                mean=m,
                ci=f"{lo} .. {hi}",
                diff="-" if is_base else d,
                diff_ci="-" if is_base else f"{dlo} .. {dhi}",
                small="-" if is_base else format_values(row.unit, row.smallest_effect)[0],
                effect=row.effect,
                css=row.effect.split()[0],
            )
        )
    return out


def report_html(
    frame: pd.DataFrame,
    scenarios: list[Scenario],
    results: Results,
    summaries: list[Business],
    provenance: dict[str, str],
    board: bool = False,
    provenance_file: str = "compare_provenance.json",
    notes: tuple[str, ...] = (),
) -> str:
    """The report (see the module docstring); ``provenance`` is ``sim.files.provenance.provenance``'s;
    ``notes`` (horizon and plausibility lines) follow the business summary."""
    from jinja2 import Environment

    base = scenarios[0]
    months = results.months
    diffs = {
        name: dict(zip(rows["outcome"], rows["diff_mean"])) for name, rows in frame.groupby("scenario", sort=False)
    }
    levels = {name: dict(zip(rows["outcome"], rows["mean"])) for name, rows in frame.groupby("scenario", sort=False)}
    replications = int(frame["replications"].iloc[0])
    how = (
        f"{replications} replications x {months} months per scenario, after {base.warmup} months of warm-up, "
        f"{base.sizes.n_employees:,} employees, {base.sizes.n_customers:,} customer slots, {base.sizes.n_suppliers} "
        "suppliers. Replication r of every scenario runs on the same random numbers (common random numbers), "
        "so each what-if is compared with the base replication by replication."
    )
    questions = [
        dict(
            name=s.name,
            is_base=s is base,
            path=s.path,
            text=s.question
            or (
                "what every other scenario is compared with"
                if s is base
                else "(no question in its file)"
                if s.path
                else "(no question given)"
            ),
        )
        for s in scenarios
    ]
    smallest = "; ".join(
        f"{outcome_name(r.outcome)}: {format_values(r.unit, r.smallest_effect)[0]}"
        for r in frame.drop_duplicates("outcome").itertuples()
    )
    page = Environment(autoescape=True).from_string(PAGE)
    return page.render(
        title=title_of(scenarios),
        style=STYLE % {"chart": CHART_PX},
        lead=f"{'One what-if' if len(scenarios) == 2 else f'{len(scenarios) - 1} what-ifs'} against {base.name}, "
        f"over {months} months, {replications} paired replications each.",
        whatifs=[
            _whatif(base, s, b, diffs.get(s.name, {}), levels[base.name]) for s, b in zip(scenarios[1:], summaries)
        ],
        many_questions=len(scenarios) > 2,
        level=f"{LEVEL:.0%}",
        discount=f"{base.env.discount_rate:.0%}",
        payback_svg=payback_chart(results, scenarios, summaries),
        outcomes_svg=outcomes_chart(results),
        meanings=MEANINGS,
        meaning_rows={name: meaning_row(v, base.env) for name, v in levels.items()},
        verdicts=list(frame.drop_duplicates("scenario")["verdict"]),
        smallest=smallest,
        multiple=multiple_comparisons_note(frame),
        rows=_rows(frame),
        how=how,
        questions=questions,
        provenance=None if board else provenance,
        provenance_file=provenance_file,
        notes=list(notes),
    )

"""A self-contained HTML report of a comparison: one file to mail, the figure embedded as base64 PNG."""

from __future__ import annotations

import base64
from html import escape

import pandas as pd

from .compare import BASELINE, format_values
from .scenario import Scenario

STYLE = """body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;font-size:.9rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}
td:first-child,th:first-child,td.text{text-align:left}.better{color:#075}.worse{color:#a10}
img{max-width:100%}code{background:#f4f4f4;padding:0 .2rem}"""


def _table(frame: pd.DataFrame) -> str:
    head = ("<tr><th>scenario</th><th>outcome</th><th>better when</th><th>mean</th><th>95% CI</th>"
            "<th>difference vs base</th><th>95% CI</th><th>effect</th></tr>")
    body = []
    for row in frame.itertuples():
        m, lo, hi = format_values(row.unit, row.mean, row.ci_low, row.ci_high)
        d, dlo, dhi = format_values(row.unit, row.diff_mean, row.diff_low, row.diff_high, signed=True)
        if row.effect == BASELINE:
            d, interval = "-", "-"
        else:
            interval = f"{dlo} .. {dhi}"
        body.append(f"<tr><td>{escape(row.scenario)}</td><td class=text>{escape(row.outcome)} ({escape(row.unit)})</td>"
                    f"<td class=text>{row.better_when}</td><td>{m}</td><td>{lo} .. {hi}</td><td>{d}</td>"
                    f"<td>{interval}</td><td class='text {row.effect.split()[0]}'>{escape(row.effect)}</td></tr>")
    return f"<table>{head}{''.join(body)}</table>"


def report_html(frame: pd.DataFrame, scenarios: list[Scenario], figures: dict[str, bytes], rows: pd.DataFrame,
                months: int, seed: int) -> str:
    """The report: questions, verdicts, figures (heading -> PNG bytes), table, and how it was run
    (base seed ``seed``; ``rows`` are the Results rows, whose seeds are listed)."""
    base = scenarios[0]
    title = " vs ".join(s.name for s in scenarios)
    questions = "".join(
        f"<li><b>{escape(s.name)}</b>{' (base)' if s is base else ''}: "
        f"{escape(s.question) if s.question else '-'}"
        f"{f' <code>{escape(s.path)}</code>' if s.path else ''}</li>" for s in scenarios)
    verdicts = "".join(f"<li>{escape(v)}</li>" for v in frame.drop_duplicates("scenario")["verdict"])
    seeds = rows[rows["scenario"] == base.name]["seed"].tolist()
    images = "".join(f"<h2>{escape(heading)}</h2>\n<img alt=\"{escape(heading)}: median and 5-95% band over "
                     f"replications\" src=\"data:image/png;base64,{base64.b64encode(png).decode('ascii')}\">\n"
                     for heading, png in figures.items())
    directions = ", ".join(f"{o} ({w} is better)" for o, w in
                           frame.drop_duplicates("outcome")[["outcome", "better_when"]].itertuples(index=False))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title><style>{STYLE}</style></head>
<body>
<h1>{escape(title)}</h1>
<h2>Questions</h2>
<ul>{questions}</ul>
<h2>Verdicts</h2>
<ul>{verdicts}</ul>
<p>A difference is <i>clear</i> when the 95% interval of the paired differences (what-if minus base,
replication by replication on the same seed) excludes zero. Outcomes and their direction: {escape(directions)}.
Outcomes are over the last 12 months, except NPV (the whole horizon, discounted).</p>
{images}<h2>Outcomes</h2>
{_table(frame)}
<h2>How it was run</h2>
<p>{len(seeds)} replications x {months} months per scenario, after {base.warmup} months of warm-up,
{base.sizes.n_employees} employees, {base.sizes.n_customers} customer slots, {base.sizes.n_suppliers} suppliers.
Replication r of every scenario runs on the same seed (common random numbers).
Base seed: {seed}. Replication seeds: {', '.join(str(s) for s in seeds)}.</p>
</body></html>
"""

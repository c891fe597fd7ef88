"""A self-contained HTML report of a comparison: one file to mail, figures embedded as base64 PNG.

It says what each what-if changes against the base (levers and schedule, in plain words) and
whether the comparison includes the cost of change, gives every verdict with the size and
interval of each difference, and records where the numbers came from (provenance). Built with
f-strings and ``html.escape`` on every value from a file or a command line: one page does not
need a template engine (Jinja2 would be a new core dependency for ~100 lines of markup).
"""

from __future__ import annotations

import base64
from html import escape

import pandas as pd

from .changes import ALWAYS, COST_OF_CHANGE, changes, phase_words
from .stats import BASELINE, LEVEL
from ..runs.scenario import Scenario
from ..format import format_values
from .wording import multiple_comparisons_note, outcome_name

STYLE = """body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#222}
table{border-collapse:collapse;font-size:.9rem;margin:.5rem 0 1rem}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:right}
td{white-space:nowrap}td:first-child,th:first-child,td.text,th.text{text-align:left;white-space:normal}.better{color:#075}.worse{color:#a10}.negligible{color:#777}
.label{display:inline-block;padding:0 .4rem;border-radius:.3rem;font-size:.85rem}.change{background:#fde8c8}
.always{background:#d8e8fb}img{max-width:100%}code{background:#f4f4f4;padding:0 .2rem}dt{font-weight:600}
summary{cursor:pointer;margin:.3rem 0}dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dd{margin:0}"""


def _label_html(label: str) -> str:
    css = "change" if label == COST_OF_CHANGE else "always" if label == ALWAYS else ""
    return f"<span class='label {css}'>{escape(label)}</span>"


def _changes_html(base: Scenario, other: Scenario, label: str) -> str:
    """Plain words and a table of what ``other`` changes against ``base`` (``label``: the comparison's kind)."""
    explain = {COST_OF_CHANGE: "It starts as the base and changes on a schedule, so the cost of change and the "
                               "time to adopt the new practices are in the numbers.",
               ALWAYS: "It has worked this way from the start (the warm-up ran under its policy): the long-run "
                       "potential of the difference, without the cost of getting there."}.get(label, "")
    schedule = "".join(f"<li>{escape(w)}</li>" for w in phase_words(other))
    found = changes(base, other)
    rows = "".join(
        f"<tr><td class=text>{'always' if c.month == 0 else f'from month {c.month}'}</td>"
        f"<td class=text>{escape(c.group)}</td><td class=text><code>{escape(c.name)}</code></td>"
        f"<td class=text>{escape(c.meaning)}</td><td>{c.base:g}</td><td>{c.value:g}</td>"
        f"<td class=text>{escape(c.unit)}</td></tr>" for c in found)
    months = sorted({c.month for c in found})
    when = ", ".join("always (warm-up included)" if m == 0 else f"month {m}" for m in months)
    table = (f"<details{' open' if len(found) <= 8 else ''}><summary>{len(found)} difference(s) from the base "
             f"({escape(when)})</summary><table><tr><th>when</th><th class=text>kind</th><th class=text>name</th>"
             f"<th class=text>meaning</th><th>base</th><th>what-if</th><th class=text>unit</th></tr>{rows}</table></details>"
             if rows else "<p>No difference from the base.</p>")
    return (f"<h3>{escape(other.name)} {_label_html(label)}</h3><p>{escape(explain)}</p>"
            f"<p>Its schedule:</p><ul>{schedule}</ul>{table}")


def _table(frame: pd.DataFrame) -> str:
    head = ("<tr><th>scenario</th><th class=text>outcome</th><th class=text>better when</th><th>mean</th><th>95% CI</th>"
            "<th>difference vs base</th><th>95% CI</th><th>matters from</th><th class=text>effect</th></tr>")
    body = []
    for row in frame.itertuples():
        m, lo, hi = format_values(row.unit, row.mean, row.ci_low, row.ci_high)
        d, dlo, dhi = format_values(row.unit, row.diff_mean, row.diff_low, row.diff_high, signed=True)
        small = format_values(row.unit, row.smallest_effect)[0]
        if row.effect == BASELINE:
            d, interval, small = "-", "-", "-"
        else:
            interval = f"{dlo} .. {dhi}"
        body.append(f"<tr><td class=text>{escape(row.scenario)}</td><td class=text>{escape(outcome_name(row.outcome))}</td>"
                    f"<td class=text>{row.better_when}</td><td>{m}</td><td>{lo} .. {hi}</td><td>{d}</td>"
                    f"<td>{interval}</td><td>{small}</td>"
                    f"<td class='text {row.effect.split()[0]}'>{escape(row.effect)}</td></tr>")
    return f"<table>{head}{''.join(body)}</table>"


def report_html(frame: pd.DataFrame, scenarios: list[Scenario], figures: dict[str, bytes], months: int,
                provenance: dict[str, str], notes: tuple[str, ...] = ()) -> str:
    """The report: questions, what each what-if changes, verdicts, figures (heading -> PNG bytes),
    the outcome table, how it was run and its provenance (``sim.files.provenance.provenance``);
    ``notes`` (horizon and plausibility lines) follow the verdicts."""
    base = scenarios[0]
    title = " vs ".join(s.name for s in scenarios)

    def question(s):
        if s is base:
            text = s.question or "what every other scenario is compared with"
        else:
            text = s.question or ("(no question in its file)" if s.path else "(no question given)")
        where = f" <code>{escape(s.path)}</code>" if s.path else ""
        return f"<li><b>{escape(s.name)}</b>{' (base)' if s is base else ''}: {escape(text)}{where}</li>"

    questions = "".join(question(s) for s in scenarios)
    labels = dict(zip(frame["scenario"], frame["comparison"]))         # sim.whatifs.changes.kind, computed once
    what_changes = "".join(_changes_html(base, s, labels[s.name]) for s in scenarios[1:])
    verdicts = "".join(f"<li>{escape(v)}</li>" for v in frame.drop_duplicates("scenario")["verdict"])
    verdicts += "".join(f"<li class='note'>Note: {escape(n)}</li>" for n in notes)
    images = "".join(f"<h2>{escape(heading)}</h2>\n<img alt=\"{escape(heading)}: median and 5-95% band over "
                     f"replications\" src=\"data:image/png;base64,{base64.b64encode(png).decode('ascii')}\">\n"
                     for heading, png in figures.items())
    smallest = "; ".join(f"{escape(outcome_name(r.outcome))}: {format_values(r.unit, r.smallest_effect)[0]}"
                         for r in frame.drop_duplicates("outcome").itertuples())
    facts = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in provenance.items())
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title><style>{STYLE}</style></head>
<body>
<h1>{escape(title)}</h1>
<h2>Questions</h2>
<ul>{questions}</ul>
<h2>Verdicts</h2>
<ul>{verdicts}</ul>
<p>A difference is <i>better</i> or <i>worse</i> when the {LEVEL:.0%} interval of the paired differences (what-if
minus base, replication by replication on the same seed) excludes zero and the difference is at least the
smallest effect that matters; below that it is <i>negligible</i>, even when the interval excludes zero; an
interval that includes zero and reaches past that size is <i>no clear difference</i>. Smallest effects that
matter: {smallest}. Outcomes are over the last 12 months, except NPV (the whole horizon, discounted).</p>
<p>{escape(multiple_comparisons_note(frame))}</p>
<h2>What each what-if changes against the base</h2>
{what_changes}
{images}<h2>Outcomes</h2>
{_table(frame)}
<h2>How it was run</h2>
<p>{int(frame['replications'].iloc[0])} replications x {months} months per scenario, after {base.warmup} months
of warm-up, {base.sizes.n_employees} employees, {base.sizes.n_customers} customer slots, {base.sizes.n_suppliers}
suppliers. Replication r of every scenario runs on the same seed (common random numbers).</p>
<dl class="provenance">{facts}</dl>
</body></html>
"""

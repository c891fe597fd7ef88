"""The HTML page of a comparison report, as a Jinja2 template (rendered by sim.whatifs.report).

Why Jinja2: the report has two audiences (the analyst's full report and a board's, without paths
or seeds), per-what-if sections, tables and folded detail; as f-strings that was markup spread over
string concatenations with ``html.escape`` at every value. A template keeps the page in one
readable piece and escapes every value by default (autoescape), so a question typed in a file can
never become markup. The template lives in Python (not a package data file) so an installed
package always has it.
"""

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title><style>{{ style }}</style></head>
<body>
<h1>{{ title }}</h1>
<p class="lead">{{ lead }}</p>
<h2>In short</h2>
{% for w in whatifs %}
<section class="whatif">
<h3>{{ w.name }} <span class="label {{ w.css }}">{{ w.label }}</span></h3>
{% if w.question and many_questions and w.question != title %}<p><i>{{ w.question }}</i></p>{% endif %}
<p class="summary">{{ w.paragraph }}</p>
<table class="business">
<tr><th>cost of change</th><td>{{ w.cost }}</td></tr>
<tr><th>deepest shortfall</th><td>{{ w.low }}</td></tr>
<tr><th>break-even</th><td>{{ w.break_even }}</td></tr>
<tr><th>NPV against the base</th><td>{{ w.npv }}</td></tr>
<tr><th>return on the change</th><td>{{ w.ret }}</td></tr>
</table>
</section>
{% endfor %}
<p class="note">Money is in today's dollars (discounted at {{ discount }} a year) except the cost of change, which is
the total spent. "Break-even" is the first month from which the what-if stays ahead of the base to the end of
the horizon; its range is the middle {{ level }} of replications. Intervals are {{ level }} confidence intervals
of the paired differences (what-if minus base, each replication on the same random numbers).</p>
{% if notes %}<ul class="notes">{% for n in notes %}<li>Note: {{ n }}</li>{% endfor %}</ul>{% endif %}
<figure>{{ payback_svg | safe }}<figcaption>Cumulative profit of each what-if minus the base's, discounted: the mean
over replications, with the 5-95% band. Its last point is the NPV difference.</figcaption></figure>
<h2>What the numbers mean for the business</h2>
{% for m in meanings %}<p>{{ m }}</p>{% endfor %}
{% set columns = (meaning_rows.values() | list)[0].keys() | list %}
<table class="meanings"><tr><th class=text>final year</th>{% for c in columns %}<th>{{ c }}</th>{% endfor %}</tr>
{% for name, row in meaning_rows.items() %}<tr><td class=text>{{ name }}</td>{% for c in columns %}<td>{{ row[c] }}</td>{% endfor %}</tr>
{% endfor %}</table>
<figure>{{ outcomes_svg | safe }}<figcaption>The main series, median over replications; each scenario has its own
line style and markers.</figcaption></figure>
<h2>What each change costs</h2>
{% for w in whatifs %}
<h3>{{ w.name }}</h3>
{% if w.costs %}
<p>{{ w.assumption }}.</p>
<table><tr><th>first moves in month</th><th class=text>lever</th><th>at month 0</th><th>finally</th><th>units of movement</th><th>cost once adopted</th></tr>
{% for c in w.costs %}<tr><td>{{ c.month }}</td><td class=text><code>{{ c.lever }}</code></td><td>{{ c.before }}</td><td>{{ c.after }}</td><td>{{ c.units }}</td><td>{{ c.cost }}</td></tr>
{% endfor %}</table>
{% else %}<p>No cost of change: {{ w.no_cost }}</p>{% endif %}
{% endfor %}
<h2>What each what-if changes against the base</h2>
{% for w in whatifs %}
<h3>{{ w.name }} <span class="label {{ w.css }}">{{ w.label }}</span></h3>
<p>{{ w.explain }}</p>
<p>Its schedule:</p><ul>{% for line in w.schedule %}<li>{{ line }}</li>{% endfor %}</ul>
{% if w.changes %}<details{% if w.changes|length <= 8 %} open{% endif %}><summary>{{ w.changes|length }} difference(s) from the base ({{ w.when }})</summary>
<table><tr><th>when</th><th class=text>kind</th><th class=text>name</th><th class=text>meaning</th><th>base</th><th>what-if</th><th class=text>unit</th></tr>
{% for c in w.changes %}<tr><td class=text>{{ c.when }}</td><td class=text>{{ c.group }}</td><td class=text><code>{{ c.name }}</code></td><td class=text>{{ c.meaning }}</td><td>{{ c.base }}</td><td>{{ c.value }}</td><td class=text>{{ c.unit }}</td></tr>
{% endfor %}</table></details>{% else %}<p>No difference from the base.</p>{% endif %}
{% endfor %}
<details class="detail"><summary><b>Statistics detail</b>: every outcome's interval, verdicts, multiple comparisons</summary>
<h2>Verdicts</h2>
<ul>{% for v in verdicts %}<li>{{ v }}</li>{% endfor %}</ul>
<p>A difference is <i>better</i> or <i>worse</i> when the {{ level }} interval of the paired differences (what-if
minus base, replication by replication on the same random numbers) excludes zero and the difference is at least the
smallest effect that matters; below that it is <i>negligible</i>, even when the interval excludes zero; an
interval that includes zero and reaches past that size is <i>no clear difference</i>. Smallest effects that
matter: {{ smallest }}. Outcomes are over the last 12 months, except NPV (the whole horizon, discounted).</p>
<p>{{ multiple }}</p>
<h2>Outcomes</h2>
<table><tr><th>scenario</th><th class=text>outcome</th><th class=text>better when</th><th>mean</th><th>{{ level }} CI</th>
<th>difference vs base</th><th>{{ level }} CI</th><th>matters from</th><th class=text>effect</th></tr>
{% for r in rows %}<tr><td class=text>{{ r.scenario }}</td><td class=text>{{ r.outcome }}</td><td class=text>{{ r.better_when }}</td><td>{{ r.mean }}</td><td>{{ r.ci }}</td><td>{{ r.diff }}</td><td>{{ r.diff_ci }}</td><td>{{ r.small }}</td><td class="text {{ r.css }}">{{ r.effect }}</td></tr>
{% endfor %}</table>
</details>
<h2>How it was run</h2>
<p>{{ how }}</p>
{% if provenance %}<ul>{% for q in questions %}<li><b>{{ q.name }}</b>{% if q.is_base %} (base){% endif %}: {{ q.text }}{% if q.path %} <code>{{ q.path }}</code>{% endif %}</li>{% endfor %}</ul>
<dl class="provenance">{% for k, v in provenance.items() %}<dt>{{ k }}</dt><dd>{{ v }}</dd>{% endfor %}</dl>
{% else %}<p>Where the numbers came from (package version, code version, date and the run's settings) is recorded
in the machine-readable file {{ provenance_file }} beside this report.</p>{% endif %}
</body></html>
"""

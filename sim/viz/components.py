"""The dashboard's panels: the agents, what the current step means, and the live plots.

Each panel is a function of the model, redrawn when Mesa's ``update_counter`` ticks (a step or
a reset). The plots use the registry names of sim.metrics.SERIES, the DataCollector's columns.
"""

from __future__ import annotations

import markdown
import solara
from mesa.visualization import make_plot_component
from mesa.visualization.utils import update_counter

from ..metrics import SERIES
from ..steps import PRACTICES, STEP_NAMES
from .agents_view import draw_agents

# Levers worth watching while a plan unfolds: the organization moves toward the step's targets gradually.
TABLE_STYLE = "<style>.culturesim-step th, .culturesim-step td {padding: 0 10px; text-align: right}</style>"
WATCHED_LEVERS = ("frontline_share", "training", "empowerment", "team_reward_weight", "service_spend",
                  "relationship_continuity", "community_programs")


def step_text(model) -> str:
    """Markdown: the month, the step aimed at and its practices, where the levers stand, the latest numbers."""
    step = model.target_step()
    nxt = model.next_change()
    lines = [f"### Month {int(model.time)} of {model.months}: step {step}, {STEP_NAMES[step]}", "",
             f"Next in the plan: step {nxt[1]} at month {nxt[0]}." if nxt else "No further change in the plan."]
    if model.latest:
        m = model.latest
        lines += ["", f"Last month: loyalty {m['mean_loyalty']:.2f}, churn {100 * m['churn_rate']:.1f}%, "
                      f"NPS {m['nps']:+.0f}, profit {m['profit']:,.0f} $/month, engagement {m['engagement']:.2f}."]
    added = [p.name for p in PRACTICES if p.step == step]
    lines += ["", f"Step {step} adds, on top of steps 1-{step - 1}:" if step > 1 else "Step 1 practices:", ""]
    lines += [f"- {name}" for name in added]
    target = model.setup.schedule.target_at(min(max(model.month, 0), model.months - 1))
    lines += ["", "| lever | now | target |", "|---|---|---|"]
    lines += [f"| {name.replace('_', ' ')}{' (slider)' if name in model.overridden else ''} "
              f"| {getattr(model.policy, name):.2f} | {getattr(target, name):.2f} |" for name in WATCHED_LEVERS]
    return "\n".join(lines)


@solara.component
def StepPanel(model):
    """The step text as HTML (solara.Markdown would fetch KaTeX from a CDN, which a classroom may not reach)."""
    update_counter.get()
    html = TABLE_STYLE + markdown.markdown(step_text(model), extensions=["tables"])
    solara.HTML(tag="div", unsafe_innerHTML=html, classes=["culturesim-step"],
                style="height: 100%; overflow-y: auto; font-size: 14px; padding: 0 8px")


@solara.component
def AgentsView(model):
    update_counter.get()
    figure = solara.use_memo(lambda: draw_agents(model), [model, model.time])
    solara.FigureMatplotlib(figure, format="png", dependencies=[model, model.time])


def _titled(title: str, ylim=None):
    """A post_process for make_plot_component: a title (with units) and, optionally, fixed y limits."""
    def post_process(ax):
        ax.set_title(title, fontsize=10)
        if ylim is not None:
            ax.set_ylim(*ylim)
    return post_process


def _meaning(name: str) -> str:
    return f"{SERIES[name].meaning} ({SERIES[name].unit})"


PLOTS = [
    make_plot_component({"mean_loyalty": "tab:green", "engagement": "tab:orange", "culture_strength": "tab:purple"},
                        post_process=_titled("Loyalty, engagement, culture strength (0..1)", (0, 1))),
    make_plot_component("churn_rate", post_process=_titled(_meaning("churn_rate"))),
    make_plot_component("nps", post_process=_titled(_meaning("nps"), (-100, 100))),
    make_plot_component("profit", post_process=_titled(_meaning("profit"))),
]

COMPONENTS = [AgentsView, StepPanel, *PLOTS]

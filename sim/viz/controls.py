"""The dashboard's sidebar: every control with its value in its label, a hover explanation, any refusal below it."""

from __future__ import annotations

import html

import reacton.ipyvuetify as rv
import solara

from .classroom import CUSTOM
from .inputs import CONTROLS, LEVER_KEYS

ERROR_STYLE = "color: #b00020; font-size: 13px; margin: -4px 0 8px 0"


def heading(text: str, note: str = "") -> None:
    """A sidebar heading (plain HTML: solara.Markdown would fetch KaTeX from a CDN on every page)."""
    solara.HTML(tag="div", unsafe_innerHTML=f"<b>{text}</b> {note}", style="margin: 12px 0 4px 0")


def error(message: str | None) -> None:
    """A refusal, in red, right below the control it is about."""
    if message:
        solara.HTML(tag="div", unsafe_innerHTML=html.escape(message), classes=["culturesim-error"], style=ERROR_STYLE)


def plan_text(pairs) -> str:
    """A plan as the custom plan box writes it: "0:1, 6:2, 12:3"."""
    return ", ".join(f"{m}:{s}" for m, s in pairs)


class Shown:
    """The frame on a page, read by the parts of the page that change every month.

    Why: Play shows a new month every half second; if the whole page re-rendered for it (the sidebar's
    twenty controls included) a Pause click waited behind that render, 40-50 ms of CPU, seconds on a
    loaded machine. The components that show a month (the lever sliders here; the run bar and the
    pictures in sim/viz/views.py) read ``frame()``, which subscribes them to the page's ``tick``: a new
    month re-renders only them, and a Pause click only the run bar. Equal for equal pictures, so a
    component given the same one is not re-rendered.
    """

    def __init__(self, pictures, tick, autoscale: bool):
        self.pictures, self.tick, self.autoscale = pictures, tick, autoscale

    def frame(self):
        _ = self.tick.value  # subscribe the component reading it to every new frame
        return self.pictures.shown(self.autoscale)

    def __eq__(self, other) -> bool:
        return (
            isinstance(other, Shown)
            and self.pictures is other.pictures
            and self.tick is other.tick
            and self.autoscale == other.autoscale
        )

    def __hash__(self) -> int:
        return hash((id(self.pictures), self.autoscale))


def hover(key, element) -> None:
    with solara.Tooltip(CONTROLS[key].help):
        with solara.Column(gap="0px", classes=["culturesim-control"]):
            element()


def number(key, values, errors, change, value=None, suffix="") -> None:
    """A slider that sets ``key``, its value in its label."""
    c = CONTROLS[key]
    value = values[key] if value is None else value
    shown = f"{value:.2f}" if key in LEVER_KEYS else f"{value:g}" if isinstance(value, float) else str(value)
    label = f"{c.label}: {shown}{suffix}"

    def on_value(v):
        change(key, v)

    def slider():
        if c.kind == "int":
            return solara.SliderInt(
                label,
                value=int(value),
                min=int(c.lo),
                max=int(c.hi),
                step=int(c.step),
                on_value=on_value,
                thumb_label=False,
            )
        return solara.SliderFloat(
            label, value=float(value), min=c.lo, max=c.hi, step=c.step, on_value=on_value, thumb_label=False
        )

    hover(key, slider)
    error(errors.get(key))


def shown_slider(key, value: float, suffix: str) -> None:
    """A slider that only shows ``value`` (the plan's lever this month), greyed out.

    Why not a disabled slider bound to the value: the browser sends a bound slider's value back each
    time the server moves it, four messages a month while playing, and a Pause click queued behind them.
    Vuetify's plain ``value`` is not sent back."""
    c = CONTROLS[key]
    hover(
        key,
        lambda: rv.Slider(
            label=f"{c.label}: {value:.2f}{suffix}",
            value=value,
            min=c.lo,
            max=c.hi,
            step=0,
            disabled=True,
            hide_details=True,
            class_="culturesim-lever",
        ),
    )


def checkbox(key, values, errors, change) -> None:
    hover(key, lambda: solara.Checkbox(label=CONTROLS[key].label, value=values[key], on_value=lambda v: change(key, v)))
    error(errors.get(key))


@solara.component
def Levers(values, errors, shown: Shown | None, change):
    """The levers: held ones as sliders a student moves; otherwise A's levers on the month shown."""
    frame = shown.frame() if shown is not None and not values["hold_levers"] else None
    heading("Levers", f"(A at month {frame.month})" if frame else "")
    checkbox("hold_levers", values, errors, change)
    for key in LEVER_KEYS:
        if values["hold_levers"]:
            number(key, values, errors, change, suffix=" (held)")
        else:
            shown_slider(key, round(frame.levers[key], 2) if frame else values[key], " (plan)")


@solara.component
def Controls(values, errors, texts, plan, shown: Shown | None, change):
    """The sidebar: every control with its value in its label, a hover explanation, any refusal right below it.

    ``plan``: A's plan ((month, step), ...), shown in the custom plan box when another plan is chosen.
    ``shown``: the month on screen (sim/viz/pictures.py); the plan's lever sliders show A's levers of
    that month, the same values as A's step panel (``Levers``: the only part re-rendered each month).
    """

    def choice(key):
        c = CONTROLS[key]
        hover(
            key,
            lambda: solara.Select(
                c.label, value=values[key], values=list(c.choices), on_value=lambda v: change(key, v)
            ),
        )
        error(errors.get(key))

    def text(key, shown_text=None):
        c = CONTROLS[key]
        hover(
            key,
            lambda: solara.InputText(
                c.label,
                value=texts[key] if shown_text is None else shown_text,
                on_value=lambda v: change(key, v),
                error=bool(errors.get(key)),
            ),
        )
        error(errors.get(key))

    error(errors.get(""))
    heading("Organization A")
    choice("step")
    choice("plan")
    in_force = values["plan"] == CUSTOM or errors.get("custom_plan") or plan is None
    text("custom_plan", None if in_force else plan_text(plan))
    checkbox("compare", values, errors, change)
    if values["compare"]:
        choice("plan_b")
        choice("reward_b")
    heading("Size and seed", "(the same for A and B)")
    text("seed")
    for key in ("months", "n_employees", "n_customers"):
        number(key, values, errors, change)
    Levers(values, errors, shown, change)
    heading("Display")
    checkbox("projector", values, errors, change)
    number("pace", values, errors, change)
    number("agents_every", values, errors, change)
    checkbox("autoscale", values, errors, change)

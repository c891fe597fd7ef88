"""The dashboard's sidebar: every control with its value in its label, a hover explanation, any refusal below it."""

from __future__ import annotations

import html

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


@solara.component
def Controls(values, errors, texts, frame, change):
    """The sidebar: every control with its value in its label, a hover explanation, any refusal right below it.

    ``frame``: the month on screen (sim/viz/pictures.py); the plan's lever sliders show A's levers of
    that month, the same values as A's step panel.
    """

    def hover(key, element):
        with solara.Tooltip(CONTROLS[key].help):
            with solara.Column(gap="0px", classes=["culturesim-control"]):
                element()

    def choice(key):
        c = CONTROLS[key]
        hover(
            key,
            lambda: solara.Select(
                c.label, value=values[key], values=list(c.choices), on_value=lambda v: change(key, v)
            ),
        )
        error(errors.get(key))

    def number(key, value=None, suffix="", disabled=False):
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
                    disabled=disabled,
                    on_value=on_value,
                    thumb_label=False,
                )
            return solara.SliderFloat(
                label,
                value=float(value),
                min=c.lo,
                max=c.hi,
                step=c.step,
                disabled=disabled,
                on_value=on_value,
                thumb_label=False,
            )

        hover(key, slider)
        error(errors.get(key))

    def text(key, shown=None):
        c = CONTROLS[key]
        hover(
            key,
            lambda: solara.InputText(
                c.label,
                value=texts[key] if shown is None else shown,
                on_value=lambda v: change(key, v),
                error=bool(errors.get(key)),
            ),
        )
        error(errors.get(key))

    def checkbox(key):
        hover(
            key,
            lambda: solara.Checkbox(label=CONTROLS[key].label, value=values[key], on_value=lambda v: change(key, v)),
        )
        error(errors.get(key))

    error(errors.get(""))
    heading("Organization A")
    choice("step")
    choice("plan")
    in_force = values["plan"] == CUSTOM or errors.get("custom_plan") or frame is None
    text("custom_plan", None if in_force else plan_text(frame.plan))
    checkbox("compare")
    if values["compare"]:
        choice("plan_b")
        choice("reward_b")
    heading("Size and seed", "(the same for A and B)")
    text("seed")
    for key in ("months", "n_employees", "n_customers"):
        number(key)
    heading("Levers", f"(A at month {frame.month})" if frame and not values["hold_levers"] else "")
    checkbox("hold_levers")
    for key in LEVER_KEYS:
        if values["hold_levers"]:
            number(key, suffix=" (held)")
        else:
            now = round(frame.levers[key], 2) if frame else values[key]
            number(key, value=now, suffix=" (plan)", disabled=True)
    heading("Display")
    checkbox("projector")
    number("pace")
    number("agents_every")
    checkbox("autoscale")

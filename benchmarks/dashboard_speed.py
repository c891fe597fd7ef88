"""How fast does the educator's dashboard answer? Time to first answer, and seconds per Step.

Serves the dashboard (``culturesim dashboard``) on a free 127.0.0.1 port, opens it in headless
Debian Chromium (Playwright, ``/usr/bin/chromium``) and measures, at the default size:

- ``server up``: from starting the server to its first HTTP answer;
- ``first paint``: from opening the page to the first text a person can read (the loading
  message, or the controls where there is none);
- ``controls ready``: from opening the page to the Step button and the clock being shown;
- ``Step``: from the click in the page to the new month being shown *and* the last figure on the page
  receiving its new image (timed in the page; median and max over ``--steps`` clicks);
- ``Step in-process``: the same click on the page rendered by ``solara.render`` without a server
  or browser (the server's share: model, drawing, page update);
- ``model alone``: seconds per month of the dashboard's model without any drawing.

Not a test (timings depend on the machine): run it on a quiet machine and write the figures in
benchmarks/README.md with the machine and its load.

    OMP_NUM_THREADS=1 python benchmarks/dashboard_speed.py [--steps 10]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import browser_page, free_port, serving  # noqa: E402

# In the page: remember when an image last received a new picture (its src changes on every redraw, or a
# new <img> is added), and when the last click happened (the user's click, not Playwright's call to it).
# Only images count: Vuetify's click ripple also changes the page, about 0.5 s after every click.
WATCH_IMAGES = """() => {
    window.__lastImage = performance.now();
    const isImage = (n) => n.nodeName === 'IMG' || (n.querySelector && n.querySelector('img'));
    new MutationObserver((ms) => {
        if (ms.some(m => m.type === 'attributes' ? m.target.nodeName === 'IMG' : [...m.addedNodes].some(isImage)))
            window.__lastImage = performance.now();
    }).observe(document.body, {subtree: true, attributes: true, attributeFilter: ['src'], childList: true});
    document.addEventListener('click', () => { window.__clicked = performance.now(); }, true);
}"""


def clock(page):
    """The step panel's heading ("Month 3 of 60: ..."): on the page before and after this issue."""
    return page.locator(".culturesim-step h3").first


QUIET_MS = 1500  # a Step is over when no figure has changed for this long after the clock moved


def model_alone(months: int) -> float:
    """Seconds per month of the dashboard's own model at its default inputs (no drawing)."""
    try:
        from sim.viz.inputs import build, defaults

        model = build(defaults())[0]
    except ImportError:  # the page before this issue (Mesa's SolaraViz)
        from sim.viz import app

        model = app.ClassroomModel(**app.initial_values(app.model_params))
    t = time.perf_counter()
    for _ in range(months):
        model.step()
    return (time.perf_counter() - t) / months


def server_side(steps: int) -> float:
    """Median seconds per Step click in-process (solara.render, no browser): the server's share."""
    import threading

    import ipyvuetify as v
    import solara

    from sim.viz.app import Page

    @solara.component
    def Dashboard():
        with solara.AppLayout():
            Page()

    _, rc = solara.render(Dashboard(), handle_error=False)
    deadline = time.monotonic() + 120
    while not rc.find(v.Btn, children=["Step"]).widgets or any(
        t.name.endswith("(runner)") for t in threading.enumerate()
    ):
        if time.monotonic() > deadline:
            raise TimeoutError("the page was not built within 120 s")
        time.sleep(0.05)
    times = []
    for _ in range(steps):
        t = time.perf_counter()
        rc.find(v.Btn, children=["Step"]).widget.click()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--steps", type=int, default=10, help="Step clicks to time (default 10)")
    a = ap.parse_args()
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    with serving(free_port(), timeout=120) as url:
        up = time.perf_counter() - t0
        with browser_page() as page:
            t = time.perf_counter()
            page.goto(url)
            page.locator("text=/\\w{3,}/").first.wait_for(timeout=120_000)
            first_paint = time.perf_counter() - t
            page.get_by_role("button", name="Step", exact=True).wait_for(timeout=120_000)
            clock(page).filter(has_text="Month 0 of").wait_for(timeout=120_000)
            page.locator("img").first.wait_for(timeout=120_000)
            ready = time.perf_counter() - t
            page.wait_for_timeout(QUIET_MS)  # let the first figures settle
            n_images = page.locator("img").count()
            page.evaluate(WATCH_IMAGES)
            step = page.get_by_role("button", name="Step", exact=True)
            times, clock_times = [], []
            for k in range(1, a.steps + 1):
                step.click()
                try:
                    clock(page).filter(has_text=f"Month {k} of").wait_for(timeout=60_000)
                except Exception:
                    page.screenshot(path="out/benchmark_failure.png")
                    raise
                shown = page.evaluate("() => performance.now()")
                clicked = page.evaluate("() => window.__clicked")
                page.wait_for_function(f"() => performance.now() - window.__lastImage > {QUIET_MS}", timeout=60_000)
                times.append((max(shown, page.evaluate("() => window.__lastImage")) - clicked) / 1000)
                clock_times.append((shown - clicked) / 1000)
    alone = model_alone(12)
    server = server_side(a.steps)
    print(
        f"machine: {platform.node()} {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, 1-min load average before: {load:.2f}"
    )
    print(f"server up (start -> first HTTP answer): {up:.1f} s")
    print(f"first paint (open -> first readable text): {first_paint:.2f} s")
    print(f"controls ready (open -> Step button, clock, a figure): {ready:.2f} s")
    print(
        f"Step (click -> new month and its {n_images} figures redrawn), {len(times)} clicks: "
        f"median {statistics.median(times):.2f} s, max {max(times):.2f} s "
        f"(the month shown after a median {statistics.median(clock_times):.2f} s)"
    )
    print(f"Step in-process (solara.render, no browser: model + drawing + page update): median {server:.3f} s")
    print(f"model alone: {alone:.3f} s per month")


if __name__ == "__main__":
    main()

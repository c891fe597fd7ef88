"""The dashboard in a real browser (server on 127.0.0.1, headless system Chromium), as a class would use it.

One server for the module; each test is a new browser session. Screenshots go to
``out/screenshots`` (or $CULTURESIM_SCREENSHOTS); each test prints where it wrote its picture.
"""

import os
import re
import time
from pathlib import Path

import pytest
from matplotlib.image import imread

from sim.viz.figures import DPI, PROJECTOR_FONT
from sim.viz.inputs import CONTROLS, GUIDE_LINKS, LEVER_KEYS
from sim.viz.panel import PLAIN_LEVERS
from tests.browser import (
    CHROMIUM,
    browser_page,
    clock,
    free_port,
    lever_sliders,
    month_shown,
    panel_levers,
    serving,
    step_through,
)

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing (apt-get install chromium; scripts/test.sh does)"
)
TIMEOUT = 60_000
PAUSE_BOUND_MS = 1000  # issue 21's bound (clicks took 0.07-0.26 s at load 4-15 with 2-3 burners, benchmarks/README.md)
SHOTS = Path(os.environ.get("CULTURESIM_SCREENSHOTS", Path(__file__).resolve().parents[1] / "out" / "screenshots"))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    log_path = tmp_path_factory.mktemp("server") / "server.log"
    with log_path.open("w") as log, serving(free_port(), log=log) as url:
        yield url, log_path


def shoot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    pixels = imread(path)[..., :3]
    assert pixels.std() > 0.1, f"{path} is blank"
    return path


def controls_are_there(page) -> None:
    for name in ("Reset", "Step", "Play"):
        assert page.get_by_role("button", name=name, exact=True).is_visible()
    for label in ("Seed", "Custom plan (month:step, ...)"):
        assert page.get_by_label(label).is_visible()


def plot_texts(page, months: int) -> list[str]:
    """The six plots' descriptions once the last one has reached ``months`` (the clock is updated a moment before)."""
    page.locator(".culturesim-plot-text").last.filter(has_text=f"({months} months)").wait_for(state="attached")
    return page.locator(".culturesim-plot-text").evaluate_all("els => els.map(e => e.textContent)")


def test_steps_draw_the_agents_and_plots_by_month_and_the_plan_moves_the_levers(server):
    url, log_path = server
    with browser_page(height=1900) as page:
        step_through(page, url, steps=8)  # past step 2 at month 6: the plan moves the lever sliders
        # the step panel is redrawn a moment after the clock: wait on its state, not on time
        page.locator(".culturesim-step").first.filter(has_text="Month 8 of 60").wait_for(timeout=TIMEOUT)
        assert page.locator(".culturesim-notice").count() == 0  # nothing restarted the run
        plots = plot_texts(page, 8)
        assert len(plots) == 6 and all(" by month: " in alt and "(8 months)" in alt for alt in plots)
        widths = page.locator("img").evaluate_all("imgs => imgs.map(i => i.naturalWidth)")
        assert len(widths) == 7 and min(widths) > 300  # the agents and six plots, decoded
        assert page.locator("img.culturesim-agents").evaluate("i => i.clientWidth") > 800  # a large view
        training = page.get_by_text(re.compile(r"Service training: 0\.\d\d \(plan\)"))
        assert training.is_visible() and training.inner_text() != "Service training: 0.20 (plan)"  # it rose
        shoot(page, "dashboard_month8")
        sliders_match_a(page)


def sliders_match_a(page) -> None:
    """The sidebar's lever sliders show A's levers this month: the values of A's step panel.

    The page applies a month's changes one widget at a time, so this waits (on the page's state) until
    the sidebar says the month on the clock, then reads; it fails if they never agree."""
    shown = month_shown(page)
    page.locator(".culturesim-step").first.filter(has_text=f"Month {shown} of").wait_for(timeout=TIMEOUT)
    page.get_by_text(f"(A at month {shown})").wait_for(timeout=TIMEOUT)
    sliders, panel = lever_sliders(page), panel_levers(page)
    assert len(sliders) == 4, sliders
    for key in LEVER_KEYS:
        assert sliders[CONTROLS[key].label] == panel[PLAIN_LEVERS[key]], (key, shown, sliders, panel)
    assert f"Month {shown} of" in page.locator(".culturesim-step").first.inner_text()


# In the page: the time of the last click, the clock's changes after it, and when the Play button came back.
WATCH_PAUSE = """() => {
    const month = () => { const c = document.querySelector('.culturesim-clock');
                          return c ? parseInt(c.innerText.split(' ')[1]) : null; };
    document.addEventListener('click', () => {
        window.__clicked = performance.now(); window.__back = null; window.__after = [];
    }, true);
    window.__months = [];
    new MutationObserver(() => {
        const m = month();
        if (m !== null && window.__months[window.__months.length - 1] !== m) {
            window.__months.push(m);
            if (window.__after) window.__after.push(m);
        }
        const back = [...document.querySelectorAll('button')].some(b => b.innerText.trim() === 'PLAY'
                                                                    || b.innerText.trim() === 'Play');
        if (back && window.__clicked && window.__back === null) window.__back = performance.now();
    }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def test_play_advances_pause_stops_and_the_sliders_follow_a(server):
    """Pause against the page's state: the Play button is back within 1 s of the click, issue 21's bound
    (timed in the page; benchmarks/dashboard_pause.py measures it over 22 clicks: 65 of 66 within 1 s at
    load 12.5-17.5, every click within 0.26 s at load 4-6, the suite's own load); after the click the clock
    moves at most once (a month whose showing had begun before the click; one being drawn waits for the
    next Step), then Step comes back and nothing moves again. A Pause ignored fails it: the clock moves
    on (at 0.5 s a month) and the button never comes back."""
    from playwright.sync_api import expect

    url, log_path = server
    with browser_page(height=1900) as page:
        page.goto(url)
        clock(page).filter(has_text="Month 0 of 60").wait_for(timeout=TIMEOUT)
        page.evaluate(WATCH_PAUSE)
        for round_ in range(2):  # Play, Pause, and once more from where it stopped
            before = month_shown(page)
            page.get_by_role("button", name="Play", exact=True).click()
            page.wait_for_function(
                f"() => parseInt(document.querySelector('.culturesim-clock').innerText.split(' ')[1]) >= {before + 3}",
                timeout=TIMEOUT,
            )
            page.get_by_role("button", name="Pause", exact=True).click()
            page.get_by_role("button", name="Play", exact=True).wait_for(timeout=TIMEOUT)
            took = page.evaluate("() => window.__back - window.__clicked")
            print(f"Pause shown {took:.0f} ms after the click (round {round_ + 1}, load {os.getloadavg()[0]:.1f})")
            assert took < PAUSE_BOUND_MS, f"Play came back {took:.0f} ms after the Pause click"
            # Step comes back once the play loop has shown its last month: from then on nothing may move
            expect(page.get_by_role("button", name="Step", exact=True)).to_be_enabled(timeout=TIMEOUT)
            stopped = month_shown(page)
            after = page.evaluate("() => window.__after")
            print(f"months shown after the click: {after}")
            assert len(after) <= 1 and after in ([], [stopped]), after  # at most a month already on its way
            assert stopped >= before + 3
            months = page.evaluate("() => window.__months")
            print(f"months shown while playing: {months}")
            assert months == sorted(months)  # in order: skipped months are fine, going back is not
            sliders_match_a(page)  # at the month Pause stopped at
            page.wait_for_timeout(2000)  # four months' worth of pace: nothing moves after Pause
            assert month_shown(page) == stopped and page.evaluate("() => window.__after") == after
            sliders_match_a(page)
    log = log_path.read_text()
    assert "Traceback" not in log, log
    assert "sync_ws_write requested but unavailable" not in log, log  # sim/viz/serve.py SEND_SETTINGS


def test_guide_links_open_prepared_organizations_in_projector_mode(server):
    url, log_path = server
    deadline = time.monotonic() + 120  # the server prepares them while it starts
    while "prepared 4 organizations ahead" not in log_path.read_text():
        assert time.monotonic() < deadline, log_path.read_text()
        time.sleep(0.2)
    with browser_page(width=1280, height=720) as page:
        for name, query in GUIDE_LINKS.items():
            page.goto(f"{url}?{query}")
            page.locator("img.culturesim-plot").nth(5).wait_for(timeout=TIMEOUT)
            began = page.evaluate("() => performance.timing.navigationStart")
            ready = page.evaluate("() => Date.now()")
            print(f"guide link {name}: figures shown {ready - began} ms after the page was asked for")
            assert clock(page).inner_text() == "Month 0 of 60"
            assert page.locator(".culturesim-projector").count() == 1
            assert page.locator(".culturesim-prepared").count() == 1  # built and drawn before it was asked
            assert page.locator(".culturesim-error").count() == 0
            assert page.get_by_text("runs on Solara").count() == 0  # no badge over the content
            visible = page.locator("img.culturesim-plot").evaluate_all(
                "imgs => imgs.filter(i => { const r = i.getBoundingClientRect();"
                " return r.top >= 0 && r.bottom <= window.innerHeight && r.width > 300 && i.naturalWidth > 0; }).length"
            )
            assert visible >= 2, f"{name}: {visible} plots fully visible at 1280x720"
            scale = min(
                page.locator("img.culturesim-plot").evaluate_all(
                    "imgs => imgs.map(i => i.clientWidth / i.naturalWidth)"
                )
            )
            assert PROJECTOR_FONT * DPI / 72 * scale >= 16, f"{name}: letters shown at {scale:.2f} of their size"
        shot = shoot(page, "projector_1280x720")
        page.screenshot(path=str(shot), full_page=False)


@pytest.mark.parametrize(
    "query,control",
    [
        ("seed=inf", "Seed"),
        ("months=1e309", "Months"),
        ("agents_every=inf", "While playing, redraw the agents every N months"),
        ("seed=" + "9" * 10_000, "Seed"),
        ("plan=" + "x" * 10_000, "Plan"),
        ("custom_plan=" + "0:1," * 2_500, "Custom plan"),
        ("x" * 10_000 + "=1", "Unknown setting"),
    ],
)
def test_hostile_address_values_are_refused_beside_their_control_never_a_traceback(server, query, control):
    url, log_path = server
    with browser_page() as page:
        page.goto(f"{url}?{query}")
        clock(page).filter(has_text="Month 0 of 60").wait_for(timeout=TIMEOUT)
        messages = page.locator(".culturesim-error").all_inner_texts()
        assert any(m.startswith(f"From the address: {control}") or m.startswith(control) for m in messages), messages
        assert all(len(m) < 600 for m in messages), messages  # a short excerpt, never the value in full
        text = page.locator("body").inner_text()
        assert "Traceback" not in text and "Error:" not in text.replace("From the address", "")
        page.get_by_role("button", name="Step", exact=True).click()
        clock(page).filter(has_text="Month 1 of 60").wait_for(timeout=TIMEOUT)
    assert "Traceback" not in log_path.read_text()
    log = log_path.read_text()
    assert "samesite" not in log and "Traceback" not in log and "Could not load URL" not in log, log


def test_a_bad_custom_plan_is_refused_beside_its_box_and_the_page_keeps_working(server):
    url, log_path = server
    with browser_page() as page:
        step_through(page, url, steps=2)
        box = page.get_by_label("Custom plan (month:step, ...)")
        box.fill("0:1, 12:7")
        box.press("Enter")
        error = page.locator(".culturesim-error")
        error.first.wait_for(timeout=TIMEOUT)
        assert "step must be one of 1..5" in error.first.inner_text()
        # the message sits right below the box it is about
        box_bottom = box.bounding_box()["y"] + box.bounding_box()["height"]
        assert 0 <= error.first.bounding_box()["y"] - box_bottom < 60
        controls_are_there(page)
        assert box.input_value() == "0:1, 12:7"  # what was typed stays, to be corrected
        assert clock(page).inner_text() == "Month 2 of 60"  # the run on screen is kept
        page.get_by_role("button", name="Step", exact=True).click()
        clock(page).filter(has_text="Month 3 of 60").wait_for(timeout=TIMEOUT)
        shoot(page, "bad_custom_plan")
        box.fill("0:1, 12:4")  # corrected: applied, run restarts
        box.press("Enter")
        page.locator(".culturesim-notice").filter(has_text="restarted at month 0").wait_for(timeout=TIMEOUT)
        page.locator(".culturesim-error").first.wait_for(state="detached", timeout=TIMEOUT)  # message gone
    assert "refused custom_plan = '0:1, 12:7'" in log_path.read_text()


def test_bad_values_in_the_address_are_refused_beside_their_controls(server):
    url, log_path = server
    with browser_page() as page:
        page.goto(url + "?n_employees=abc&step=9&seed=7&colour=red")
        clock(page).filter(has_text="Month 0 of 60").wait_for(timeout=TIMEOUT)
        messages = page.locator(".culturesim-error").all_inner_texts()
        assert any("Employees: a whole number from 16 to 120; got 'abc'" in m for m in messages), messages
        assert any("Culture step at month 0: one of 1, 2, 3, 4, 5; got '9'" in m for m in messages), messages
        assert any("Unknown setting 'colour'" in m for m in messages), messages
        assert page.get_by_text("Employees: 40", exact=True).is_visible()  # the default was kept
        assert page.get_by_label("Seed").input_value() == "7"  # the good value was taken
        controls_are_there(page)
        shoot(page, "bad_url_value")
        page.get_by_role("button", name="Step", exact=True).click()
        clock(page).filter(has_text="Month 1 of 60").wait_for(timeout=TIMEOUT)
    log = log_path.read_text()
    assert "refused a value in the address (n_employees)" in log


def test_side_by_side_shows_two_organizations_on_every_plot(server):
    url, _ = server
    query = (
        "?compare=1&plan=custom%20plan%20(typed%20below)&custom_plan=0:1,%202:3&plan_b=stay%20at%20the%20start%20step"
    )
    with browser_page(width=1700, height=2000) as page:
        step_through(page, url + query, steps=3)
        assert page.locator("img.culturesim-agents").count() == 2
        plots = plot_texts(page, 3)
        assert len(plots) == 6
        for alt in plots:
            series = alt.split(" by month: ", 1)[1].split("; ")
            assert [s.split(":")[0] for s in series] == ["A", "B"], alt
            assert all("(3 months)" in s for s in series), alt
        panels = page.locator(".culturesim-step").all_inner_texts()
        assert "step 3, Link employees with users" in panels[0] and "step 1, Minimize hassles" in panels[1]
        shoot(page, "side_by_side_month3")

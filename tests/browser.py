"""Drive the dashboard in a real browser: Debian's headless Chromium through Playwright.

Development code (not shipped in the package): used by the browser tests, benchmarks/dashboard_speed.py
and experiments/dashboard_screenshot.py. Playwright's own browser
download is not used; ``CHROMIUM`` is the system one. The server is this package's
``culturesim dashboard`` command on 127.0.0.1, stopped when the ``serving`` block ends.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from sim.viz.serve import HOST, environment

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@contextmanager
def serving(port: int, timeout: float = 60.0, log=subprocess.DEVNULL):
    """Run ``culturesim dashboard --port PORT`` until the block ends; yields the page's URL."""
    server = subprocess.Popen(
        [sys.executable, "-m", "sim.cli", "dashboard", "--port", str(port)],
        env=environment(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://{HOST}:{port}/"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"the dashboard server exited with status {server.returncode}")
            try:
                with urllib.request.urlopen(url, timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"no answer from {url} within {timeout:.0f} s") from None
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@contextmanager
def browser_page(width: int = 1600, height: int = 1100):
    """A Playwright page in headless system Chromium."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()


def clock(page):
    return page.locator(".culturesim-clock")


def step_through(page, url: str, steps: int, timeout_ms: float = 60_000) -> None:
    """Open the dashboard, wait for it, press Step ``steps`` times, each time waiting for the clock."""
    page.goto(url)
    clock(page).filter(has_text="Month 0 of").wait_for(timeout=timeout_ms)
    step = page.get_by_role("button", name="Step", exact=True)
    for k in range(1, steps + 1):
        step.click()
        clock(page).filter(has_text=f"Month {k} of").wait_for(timeout=timeout_ms)


def month_shown(page) -> int:
    """The month on the page's clock ("Month 7 of 60" -> 7)."""
    return int(clock(page).inner_text().split()[1])


def lever_sliders(page) -> dict[str, str]:
    """Sidebar slider label -> value shown ("Service training" -> "0.45"), for the lever sliders."""
    texts = page.locator(".v-slider, .v-input").evaluate_all("els => els.map(e => e.innerText)")
    found = {}
    for text in texts:
        head = text.strip().split("\n")[0]
        if head.endswith(" (plan)") or head.endswith(" (held)"):
            label, value = head.rsplit(" (", 1)[0].rsplit(": ", 1)
            found[label] = value
    return found


def panel_levers(page, which: int = 0) -> dict[str, str]:
    """The step panel's lever table: plain name -> the value now."""
    rows = (
        page.locator(".culturesim-step")
        .nth(which)
        .locator("tr")
        .evaluate_all("trs => trs.map(tr => [...tr.children].map(td => td.innerText))")
    )
    return {r[0].replace(" (held)", ""): r[1] for r in rows[1:] if len(r) >= 2}

"""Does the dashboard hold a class? N sessions at once on 127.0.0.1, then one more than it admits.

Serves the dashboard (``culturesim dashboard``, capacity ``--sessions``), opens N pages in one
headless Chromium (Playwright, /usr/bin/chromium), one after the other, each kept open, and
measures:

- ``time to page``: from asking for the page to its clock and six plots shown (median, max);
- ``Step``: from a click on Step to the next month on the clock, once in every open page (median, max);
- ``server memory``: the server's resident memory before the first page, with all N open, and
  after all are closed and the server has freed their sessions (SOLARA_KERNEL_CULL_TIMEOUT, 20 s;
  measured once its log counts every session closed and the memory has stopped falling);
- the (N+1)-th page: it must say that the class is full (sim/viz/sessions.py) rather than slow every page.

Bounded: it gives up after ``--limit`` seconds. Not a test (timings depend on the machine): write the
figures in benchmarks/README.md with the machine and its load.

    OMP_NUM_THREADS=1 python benchmarks/dashboard_class.py [--sessions 30] [--limit 900]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import CHROMIUM, LAUNCH_ARGS, clock, free_port, serving  # noqa: E402


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (the server is one process; Solara adds none)."""
    total = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            total += int(line.split()[1])
    return total / 1024


def server_pid(port: int) -> int:
    """The process listening on the port (the dashboard server, which exec'ed itself into Solara)."""
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"sim.viz.serve" in cmd and str(port).encode() in cmd:
            return int(pid)
    raise RuntimeError("no dashboard server found")


def settled_rss(pid: int, log_path: Path, sessions: int, deadline: float) -> float:
    """The server's memory once every session has closed (its log says so) and the memory has stopped
    falling for 10 s: on a loaded machine closing 30 sessions takes longer than their 20 s cull timeout."""
    while log_path.read_text().count("session closed") < sessions and time.monotonic() < deadline:
        time.sleep(1)
    low, since = rss_mb(pid), time.monotonic()
    while time.monotonic() - since < 10 and time.monotonic() < deadline:
        time.sleep(1)
        now = rss_mb(pid)
        if now < low - 1:
            low, since = now, time.monotonic()
    return rss_mb(pid)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--limit", type=float, default=900.0)
    args = parser.parse_args()
    deadline = time.monotonic() + args.limit
    os.environ["CULTURESIM_DASHBOARD_SESSIONS"] = str(args.sessions)
    timeout = 120_000
    from playwright.sync_api import sync_playwright

    port = free_port()
    print(f"machine: {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f} at start; {args.sessions} sessions")
    log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"dashboard_class_{port}.log"
    with log_path.open("w") as log, serving(port, log=log) as url, sync_playwright() as p:
        pid = server_pid(port)
        time.sleep(5)  # the spares prepared at start are part of "before"
        before = rss_mb(pid)
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        pages, opened = [], []
        for k in range(args.sessions):
            if time.monotonic() > deadline:
                print(f"gave up after {k} pages (--limit {args.limit:.0f} s)")
                break
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            began = time.perf_counter()
            page.goto(url)
            clock(page).filter(has_text="Month 0 of").wait_for(timeout=timeout)
            page.locator("img.culturesim-plot").nth(5).wait_for(timeout=timeout)
            opened.append(time.perf_counter() - began)
            pages.append(page)
        full = browser.new_page()
        full.goto(url)
        full.locator(".culturesim-full").wait_for(timeout=timeout)
        refusal = full.locator(".culturesim-full").inner_text()
        full.close()
        steps = []
        for page in pages:
            if time.monotonic() > deadline:
                break
            began = time.perf_counter()
            page.get_by_role("button", name="Step", exact=True).click()
            clock(page).filter(has_text="Month 1 of").wait_for(timeout=timeout)
            steps.append(time.perf_counter() - began)
        with_all = rss_mb(pid)
        load = os.getloadavg()[0]
        for page in pages:
            page.close()
        browser.close()
        after = settled_rss(pid, log_path, len(pages), deadline)
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        again = browser.new_page()
        again.goto(url)
        clock(again).filter(has_text="Month 0 of").wait_for(timeout=timeout)  # admitted: the class left
        browser.close()
    closed = log_path.read_text().count("session closed")
    print(f"sessions closed by the server (its log): {closed}")
    print(f"time to page: median {statistics.median(opened):.2f} s, max {max(opened):.2f} s over {len(opened)} pages")
    print(f"Step: median {statistics.median(steps):.2f} s, max {max(steps):.2f} s over {len(steps)} pages")
    print(f"page {args.sessions + 1}: {refusal!r}")
    print(
        f"server memory: {before:.0f} MB before, {with_all:.0f} MB with {len(pages)} pages open, "
        f"{after:.0f} MB after they closed (a new page was then admitted); load {load:.1f} with all open"
    )


if __name__ == "__main__":
    main()

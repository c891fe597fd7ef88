"""How soon does Pause take effect? Play, Pause, over and over, in one page of headless Chromium.

Serves the dashboard on 127.0.0.1, opens one page and, ``--clicks`` times: Play, wait until the clock
has moved two months, Pause, then two quiet seconds. In the page (in milliseconds since 1970, so that
the server's log can be set beside it) it records the click, every change of the month on the clock, and when the button reads
Play again. For each click:

- ``button``: from the click to the Play button shown again;
- ``clock``: from the click to the last change of the clock after it (0 when it never moved again):
  when the clock stopped, as a student sees it;
- ``months after``: how many months the clock still moved after the click.

``--burners N`` runs N CPU-burning processes beside it (killed at the end), to measure a loaded
machine; the 1-minute load is printed before and after. Not a test (timings depend on the machine):
write the figures in benchmarks/README.md with the machine and its load.

    OMP_NUM_THREADS=1 python benchmarks/dashboard_pause.py [--clicks 22] [--burners 14]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import browser_page, clock, free_port, month_shown, serving  # noqa: E402

WATCH = """() => {
    const now = () => performance.timeOrigin + performance.now();
    window.__log = [];
    document.addEventListener('click', () => window.__log.push(['click', now()]), true);
    let last = null, label = null;
    new MutationObserver(() => {
        const c = document.querySelector('.culturesim-clock');
        const m = c ? parseInt(c.innerText.split(' ')[1]) : null;
        if (m !== null && m !== last) { last = m; window.__log.push(['month', now(), m]); }
        const b = [...document.querySelectorAll('button')].map(b => b.innerText.trim().toUpperCase())
                  .find(t => t === 'PLAY' || t === 'PAUSE');
        if (b && b !== label) { label = b; window.__log.push([b, now()]); }
    }).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def one_pause(page, timeout_ms: float) -> dict:
    """Play, two months, Pause, two quiet seconds: what the page recorded about the Pause."""
    before = month_shown(page)
    page.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function(
        f"() => parseInt(document.querySelector('.culturesim-clock').innerText.split(' ')[1]) >= {before + 2}",
        timeout=timeout_ms,
    )
    page.evaluate("() => { window.__log = []; }")
    page.get_by_role("button", name="Pause", exact=True).click()
    page.get_by_role("button", name="Play", exact=True).wait_for(timeout=timeout_ms)
    page.wait_for_timeout(2000)
    log = page.evaluate("() => window.__log")
    clicked = next(t for kind, t, *_ in log if kind == "click")
    months = [(t, m) for kind, t, *m in log if kind == "month" and t >= clicked]
    button = next(t for kind, t, *_ in log if kind == "PLAY" and t >= clicked)
    return {
        "button": (button - clicked) / 1000,
        "clock": (months[-1][0] - clicked) / 1000 if months else 0.0,
        "months after": len(months),
        "month": month_shown(page),
        "clicked": clicked / 1000,
    }


def summary(name: str, values: list[float]) -> str:
    shown = ", ".join(f"{v:.2f}" for v in sorted(values))
    return f"{name}: median {statistics.median(values):.2f} s, max {max(values):.2f} s ({shown})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=10)
    parser.add_argument("--burners", type=int, default=0, help="CPU-burning processes beside it")
    parser.add_argument("--server-log", type=Path, help="write the server's log here")
    parser.add_argument("--limit", type=float, default=900.0, help="give up after this many seconds")
    args = parser.parse_args()
    deadline = time.monotonic() + args.limit
    burners = [subprocess.Popen([sys.executable, "-c", "while 1: pass"]) for _ in range(args.burners)]
    timeout = 120_000
    try:
        print(f"machine: {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f} at start, {args.burners} burners")
        log = args.server_log.open("w") if args.server_log else subprocess.DEVNULL
        with serving(free_port(), timeout=180, log=log) as url, browser_page(height=1900) as page:
            page.goto(url)
            clock(page).filter(has_text="Month 0 of").wait_for(timeout=timeout)
            page.evaluate(WATCH)
            results = []
            while len(results) < args.clicks and time.monotonic() < deadline:
                if month_shown(page) > 50:  # room for another Play
                    page.get_by_role("button", name="Reset", exact=True).click()
                    clock(page).filter(has_text="Month 0 of").wait_for(timeout=timeout)
                results.append({**one_pause(page, timeout), "load": os.getloadavg()[0]})
                r = results[-1]
                print(
                    f"pause {len(results)}: button {r['button']:.2f} s, clock stopped {r['clock']:.2f} s, "
                    f"{r['months after']} month(s) after the click, at month {r['month']}, load {r['load']:.1f} "
                    f"(clicked at {r['clicked']:.3f})",
                    flush=True,
                )
        load = os.getloadavg()[0]
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
    print(summary("Play shown again after the click", [r["button"] for r in results]))
    print(summary("clock stopped after the click", [r["clock"] for r in results]))
    print(f"months the clock moved after the click: {sorted(r['months after'] for r in results)}")
    loads = [r["load"] for r in results]
    print(f"1-minute load at the clicks: {min(loads):.1f} to {max(loads):.1f} (median {statistics.median(loads):.1f})")
    print(f"1-minute load at the end: {load:.1f}")


if __name__ == "__main__":
    main()

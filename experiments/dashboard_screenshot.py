"""Screenshots of the educator's dashboard: docs/figures/dashboard.png and docs/figures/projector.png.

Serves the dashboard on a free 127.0.0.1 port, opens it in headless system Chromium, lets the
default plan (step 1, one step up every 6 months) run for 30 months, and saves the page; then opens
exercise 3's link of docs/teaching.md (projector mode) at 1280x720, steps 30 months and saves what
a projector shows (no scrolling).
Run from the repository root: python experiments/dashboard_screenshot.py [--projector-only]
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sim.viz.inputs import GUIDE_LINKS  # noqa: E402
from tests.browser import browser_page, free_port, serving, step_through  # noqa: E402

MONTHS = 30


def projector(out: Path = ROOT / "docs" / "figures" / "projector.png") -> None:
    with serving(free_port()) as url, browser_page(width=1280, height=720) as page:
        step_through(page, f"{url}?{GUIDE_LINKS['3. big bang']}", steps=MONTHS)
        page.locator("img.culturesim-plot").last.wait_for()
        page.wait_for_timeout(1000)
        page.screenshot(path=str(out))
    print(f"wrote {out}")


def main(out: Path = ROOT / "docs" / "figures" / "dashboard.png") -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    projector()
    if "--projector-only" in sys.argv:
        return
    with serving(free_port()) as url, browser_page(width=1500, height=1250) as page:
        step_through(page, url, steps=MONTHS)
        page.locator("img").first.wait_for()
        page.wait_for_timeout(1000)  # let the last figures decode
        page.screenshot(path=str(out))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()

"""Screenshot of the educator's dashboard for the README: docs/figures/dashboard.png.

Serves the dashboard on a free 127.0.0.1 port, opens it in headless system Chromium, lets the
default plan (step 1, one step up every 6 months) run for 30 months, and saves the page.
Run from the repository root: python experiments/dashboard_screenshot.py
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import browser_page, free_port, serving, step_through  # noqa: E402

MONTHS = 30


def main(out: Path = ROOT / "docs" / "figures" / "dashboard.png") -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with serving(free_port()) as url, browser_page(width=1500, height=1250) as page:
        step_through(page, url, steps=MONTHS)
        page.locator("img").first.wait_for()
        page.wait_for_timeout(1000)          # let the last figures decode
        page.screenshot(path=str(out))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()

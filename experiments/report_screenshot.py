"""Remake docs/figures/compare_report.png: the first screen of the README's first comparison as a board
report (``compare --board``), at 1,400 x 1,000 px in headless Chromium.

    OMP_NUM_THREADS=1 PYTHONPATH=. python experiments/report_screenshot.py [--chromium /usr/bin/chromium]
"""

import argparse
import tempfile
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

from sim.cli import main as culturesim

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--chromium", default="/usr/bin/chromium", help="a Chromium executable (default: Debian's)")
    a = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = [
            str(ROOT / "scenarios" / n)
            for n in ("step1_minimize_hassles.toml", "whatif_move_up_now.toml", "step5_customer_culture.toml")
        ]
        assert culturesim(["compare", *files, "--out", tmp, "--quiet", "--board"]) == 0
        shot = Path(tmp) / "report.png"
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=a.chromium, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto((Path(tmp) / "compare.html").as_uri())
            page.screenshot(path=str(shot), full_page=True)
            browser.close()
        Image.open(shot).crop((0, 0, 1400, 1000)).save(ROOT / "docs" / "figures" / "compare_report.png", optimize=True)


if __name__ == "__main__":
    main()

"""The dashboard in a real browser: server on 127.0.0.1, headless system Chromium, Step clicked."""

import pytest
from matplotlib.image import imread

from tests.browser import CHROMIUM, browser_page, free_port, serving, step_through

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason=f"{CHROMIUM} is missing (apt-get install chromium; scripts/test.sh does)")


def test_step_in_the_browser_advances_the_clock_and_draws_figures(tmp_path):
    with serving(free_port(), log=(tmp_path / "server.log").open("w")) as url, browser_page() as page:
        step_through(page, url, steps=3)
        panel = page.locator(".culturesim-step")
        assert "Month 3 of 60" in panel.inner_text()
        figures = page.locator("img")
        figures.first.wait_for()
        widths = [figures.nth(i).evaluate("img => img.naturalWidth") for i in range(figures.count())]
        assert len(widths) == 5 and min(widths) > 100          # the agents and four plots, decoded
        shot = tmp_path / "dashboard.png"
        page.screenshot(path=str(shot))
    pixels = imread(shot)[..., :3]
    assert pixels.std() > 0.1                                     # not a blank page
    assert (pixels[80:].min(axis=2) < 0.9).mean() > 0.03          # drawn on below the (blue) app bar

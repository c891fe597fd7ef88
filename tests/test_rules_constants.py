"""Named constants of sim/rules.py say what they mean."""

from scipy.special import ndtri

from sim import rules


def test_segment_thresholds_are_the_normal_quantiles_they_name():
    # kept to four decimals as calibrated (the full ndtri values would move a few customers' segments)
    assert abs(rules.TOP_20_Z - ndtri(0.8)) < 5e-5
    assert abs(rules.BOTTOM_40_Z - ndtri(0.4)) < 5e-5

"""The educator's browser dashboard (a Solara page of its own, not Mesa's SolaraViz): ``culturesim dashboard``
serves ``sim.viz.app``."""

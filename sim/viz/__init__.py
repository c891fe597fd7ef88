"""The educator's browser dashboard (Mesa SolaraViz): ``culturesim dashboard`` serves ``sim.viz.app``."""

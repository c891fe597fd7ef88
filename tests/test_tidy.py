"""Tidy results: long-form series (run, month, metric, value) with units in the Parquet metadata,
read by DuckDB with plain SQL; no dotted column names; no duplicate table; analyze ranks inputs."""

import json

import duckdb
import numpy as np
import pandas as pd
import pyarrow.parquet as pq

from sim.cli import main
from sim.metrics import SERIES
from sim.sweeps import load_table, sweep_function
from sim.sweeps.cli import analyze_folder
from sim.sweeps.spec import DesignSpec

from .support import small_file, write_spec


def test_run_writes_long_series_that_duckdb_reads_with_plain_sql(tmp_path):
    scenario = small_file(tmp_path, "small", "step3_link_employees_with_users.toml")
    out = tmp_path / "out"
    assert main(["run", str(scenario), "--replications", "3", "--out", str(out), "--format", "parquet", "--quiet"]) == 0
    long = out / "small_series_long.parquet"
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT run, month, value FROM '{long}' WHERE metric = 'mean_loyalty' ORDER BY run, month"
    ).fetchall()
    wide = pd.read_parquet(out / "small_series.parquet")
    assert len(rows) == len(wide) == 3 * 12
    assert np.array_equal([r[2] for r in rows], wide["mean_loyalty"].to_numpy())
    per_month = con.execute(
        f"SELECT month, avg(value) FROM '{long}' WHERE metric = 'profit' GROUP BY month ORDER BY month"
    ).fetchall()
    assert np.allclose([v for _, v in per_month], wide.groupby("month")["profit"].mean().to_numpy())
    assert con.execute(f"SELECT count(DISTINCT metric) FROM '{long}'").fetchone()[0] == len(SERIES)
    units = json.loads(pq.read_schema(long).metadata[b"units"])
    assert units["profit"] == "$/month" and units["mean_loyalty"] == "0..1" and set(units) == set(SERIES)
    # the same units from SQL, through DuckDB's Parquet metadata function
    kv = dict(con.execute(f"SELECT decode(key), decode(value) FROM parquet_kv_metadata('{long}')").fetchall())
    assert json.loads(kv["units"])["churn_rate"] == "1/month"
    assert list(pd.read_csv(out / "small_summary.csv")["run"]) == [0, 1, 2]  # joins the long file's run
    assert not any("." in c for c in wide.columns)


def test_compare_writes_long_series_joined_by_run(tmp_path):
    base = small_file(tmp_path, "base", "step2_managing_discontent.toml")
    other = small_file(tmp_path, "other", "step3_link_employees_with_users.toml")
    out = tmp_path / "out"
    assert main(["compare", str(base), str(other), "--replications", "2", "--out", str(out), "--quiet"]) == 0
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT r.scenario, avg(s.value) FROM '{out}/compare_series_long.parquet' s "
        f"JOIN read_csv('{out}/compare_replications.csv') r USING (run) "
        "WHERE s.metric = 'cumulative_discounted_profit' AND s.month = 11 "
        "GROUP BY r.scenario ORDER BY r.scenario"
    ).fetchall()
    table = pd.read_csv(out / "compare.csv").query("outcome == 'npv'").set_index("scenario")["mean"]
    assert [name for name, _ in rows] == ["base", "other"]
    assert np.allclose([v for _, v in rows], [table["base"], table["other"]])  # NPV is that month's value


def test_sweep_writes_long_series_and_no_duplicate_table(tmp_path):
    spec = write_spec(tmp_path)
    out = tmp_path / "sweep"
    assert main(["sweep", str(spec), "--out", str(out), "--quiet"]) == 0
    assert not (out / "table.parquet").exists()
    table = load_table(out)
    con = duckdb.connect()
    parts = con.execute(f"SELECT * FROM '{out}/parts/*.parquet' ORDER BY run").df()
    assert not any("." in c for c in parts.columns) and "mean_loyalty_monthly" in parts.columns
    joined = con.execute(
        f"SELECT p.cost_focus, s.month, s.value FROM '{out}/series_long.parquet' s "
        f"JOIN '{out}/parts/*.parquet' p USING (run) WHERE s.metric = 'profit' ORDER BY s.run, s.month"
    ).fetchall()
    assert len(joined) == len(table.runs) * 12
    assert np.array_equal([v for *_, v in joined], table.series["profit_monthly"].reshape(-1))
    assert np.array_equal([c for c, *_ in joined][::12], table.runs["cost_focus"].to_numpy())
    units = json.loads(pq.read_schema(out / "series_long.parquet").metadata[b"units"])
    assert units == {"mean_loyalty": "0..1", "profit": "$/month"}


def _linear(X):
    """x0 matters ten times more than x1; x2 not at all."""
    return np.column_stack([10 * X[:, 0] + X[:, 1], X[:, 1] - 0 * X[:, 2]])


def test_analyze_prints_a_ranked_summary_of_the_most_influential_inputs(tmp_path):
    problem = {"num_vars": 3, "names": ["x0", "x1", "x2"], "bounds": [[0, 1]] * 3}
    out = tmp_path / "lin"
    sweep_function(
        _linear,
        problem,
        DesignSpec("sobol", n=64, calc_second_order=False),
        out,
        output_names=("a", "b"),
        progress=False,
    )
    printed = []
    files = analyze_folder(out, num_resamples=20, top=2, echo=printed.append)
    ranked = pd.read_csv(out / "ranking.csv")
    assert out / "ranking.csv" in files
    assert list(ranked.query("output == 'a'")["parameter"]) == ["x0", "x1"]
    assert list(ranked.query("output == 'b'")["parameter"])[0] == "x1"
    assert (ranked["index"] == "ST").all() and (ranked.groupby("output")["rank"].max() == 2).all()
    text = printed[0]
    assert "a [ST]: x0 " in text and "b [ST]: x1 " in text


def test_the_long_file_alone_says_its_labels_units_and_what_month_means(tmp_path):
    """DuckDB on the long file and nothing else: scenario labels, units and the meaning of month."""
    base = small_file(tmp_path, "base", "step2_managing_discontent.toml")
    other = small_file(tmp_path, "other", "step3_link_employees_with_users.toml")
    out = tmp_path / "out"
    assert main(["compare", str(base), str(other), "--replications", "2", "--out", str(out), "--quiet"]) == 0
    long = out / "compare_series_long.parquet"
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT scenario, replication, unit, count(DISTINCT run), max(month) FROM '{long}' "
        "WHERE metric = 'profit' GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        ("base", 0, "$/month", 1),
        ("base", 1, "$/month", 1),
        ("other", 0, "$/month", 1),
        ("other", 1, "$/month", 1),
    ]
    kv = dict(con.execute(f"SELECT decode(key), decode(value) FROM parquet_kv_metadata('{long}')").fetchall())
    assert kv["month"].startswith("recorded months counted from 0 after the warm-up")
    assert kv["column.month"] == kv["month"] and "unit" in kv["column.value"]
    assert json.loads(kv["units"])["churn_rate"] == "1/month"
    types = dict(con.execute(f"SELECT name, type FROM parquet_schema('{long}')").fetchall())
    assert types["replication"] == "INT64" and types["month"] == "INT32"
    described = pq.read_schema(long)  # the same descriptions as Arrow field metadata
    assert described.field("month").metadata[b"description"].decode() == kv["month"]


def test_sweep_long_file_carries_design_points_and_integer_parameters_stay_integers(tmp_path):
    spec = write_spec(tmp_path, design='method = "grid"', parameters="team_size = { values = [4, 12] }", batch_size=50)
    out = tmp_path / "sw"
    assert main(["sweep", str(spec), "--out", str(out), "--quiet"]) == 0
    con = duckdb.connect()
    types = dict(con.execute(f"SELECT name, type FROM parquet_schema('{out}/parts/*.parquet')").fetchall())
    assert types["team_size"] == "INT64"
    joined = con.execute(
        f"SELECT DISTINCT s.point, p.team_size FROM '{out}/series_long.parquet' s "
        f"JOIN '{out}/parts/*.parquet' p USING (run) ORDER BY 1"
    ).fetchall()
    assert joined == [(0, 4), (1, 12)]
    manifest = json.loads((out / "manifest.json").read_text())
    assert all(b["cpu_seconds"] > 0 for b in manifest["batches"].values())

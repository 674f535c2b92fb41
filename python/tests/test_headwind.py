"""The Python package against the command line built from the same checkout: same text, same
JSON for the same seed, same error messages; DataFrames hold the JSON's numbers; the GIL is
released while the library computes."""

import json
import threading
import time

import pytest

import headwind

PATHS = "2000"


def test_default_forecast_summary_is_the_cli_text(cli):
    code, out, _ = cli("forecast")
    assert code == 0
    # print() adds the final line break the CLI writes.
    assert headwind.forecast().summary() + "\n" == out


def test_forecast_json_equals_cli_json_same_seed(cli):
    code, out, _ = cli("forecast", "--scenario", "reciprocal-25", "--vs", "korus",
                       "--paths", PATHS, "--seed", "7", "--format", "json")
    assert code == 0
    f = headwind.forecast("reciprocal-25", vs="korus", paths=int(PATHS), seed=7)
    assert f.to_dict() == json.loads(out)
    assert f.meta["seed"] == 7 and f.meta["paths"] == 2000


def test_forecast_csv_equals_cli_csv(cli):
    code, out, _ = cli("forecast", "--paths", PATHS, "--format", "csv")
    assert code == 0
    assert headwind.forecast(paths=int(PATHS)).to_csv() == out


def test_a_different_seed_gives_different_numbers():
    a = headwind.forecast(paths=500, seed=1).to_dict()
    b = headwind.forecast(paths=500, seed=2).to_dict()
    assert a["gdp_level_effect_quantiles"] != b["gdp_level_effect_quantiles"]


def test_forecast_frames_hold_the_json_numbers():
    pd = pytest.importorskip("pandas")
    f = headwind.forecast(paths=1000)
    d = f.to_dict()
    q = f.quarters
    assert isinstance(q, pd.DataFrame)
    assert list(q.index) == [r["quarter"] for r in d["quarters"]]
    assert q["mean"].tolist() == [r["mean"] for r in d["quarters"]]
    assert q["p_negative"].tolist() == [r["p_negative"] for r in d["quarters"]]
    # Nested quantiles become dotted columns.
    assert q["quantiles.5"].tolist() == [r["quantiles"]["5"] for r in d["quarters"]]
    a = f.annual
    assert a["effect_pp_mean"].tolist() == [r["effect_pp_mean"] for r in d["annual"]]
    s = f.sectors
    assert len(s) == len(d["sectors"]) == 16
    assert s["value_added_change_pct_gdp"].tolist() == [
        r["value_added_change_pct_gdp"] for r in d["sectors"]
    ]
    assert set(f.frames()) >= {"quarters", "annual", "sectors", "tariff_schedule"}


@pytest.mark.parametrize(
    "call,args",
    [
        (lambda: headwind.estimate(), ["estimate", "--format", "json"]),
        (lambda: headwind.backtest(), ["backtest", "--format", "json"]),
        (lambda: headwind.nowcast(), ["nowcast", "--format", "json"]),
        (lambda: headwind.multipliers(aggregate="groups", type2=True),
         ["multipliers", "--aggregate", "groups", "--type2", "--format", "json"]),
        (lambda: headwind.data(), ["data", "--format", "json"]),
        (lambda: headwind.sensitivity(paths=300), ["sensitivity", "--paths", "300", "--format", "json"]),
        (lambda: headwind.compare(["deal-2025", "no-deal"], paths=100),
         ["compare", "deal-2025", "no-deal", "--paths", "100", "--format", "json"]),
    ],
    ids=["estimate", "backtest", "nowcast", "multipliers", "data", "sensitivity", "compare"],
)
def test_every_command_json_equals_cli(cli, call, args):
    code, out, err = cli(*args)
    assert code == 0, err
    assert call().to_dict() == json.loads(out)


def test_optimize_equals_cli_and_exposes_best(cli):
    code, out, err = cli("optimize", "--paths", "100", "--solver", "nm",
                         "--budget", "40", "--format", "json")
    assert code == 0, err
    r = headwind.optimize(paths=100, solver="nm", budget=40)
    mine, theirs = r.to_dict(), json.loads(out)
    # Wall-clock seconds per solver are the only field that may differ between two runs.
    for d in (mine, theirs):
        for s in d["solvers"]:
            assert s.pop("seconds") >= 0
    assert mine == theirs
    assert r.solvers["evaluations"].tolist() == [s["evaluations"] for s in theirs["solvers"]]
    assert r.best["cost_usd_bn"] == json.loads(out)["best"]["cost_usd_bn"]


def test_summary_of_estimate_is_the_cli_text(cli):
    code, out, _ = cli("estimate")
    assert code == 0
    assert headwind.estimate().summary() + "\n" == out


@pytest.mark.parametrize(
    "call,args,exc",
    [
        (lambda: headwind.forecast("no-such-scenario"), ["forecast", "--scenario", "no-such-scenario"],
         headwind.HeadwindError),
        (lambda: headwind.forecast(as_of="1990Q1"), ["--as-of", "1990Q1", "forecast"],
         headwind.RequestError),
        (lambda: headwind.forecast(data="/nonexistent/dir"), ["--data", "/nonexistent/dir", "forecast"],
         headwind.HeadwindError),
        (lambda: headwind.optimize(risk_measure="bogus"), None, headwind.HeadwindError),
    ],
    ids=["unknown-scenario", "as-of-too-early", "missing-data-dir", "bad-risk-measure"],
)
def test_errors_are_exceptions_with_the_cli_message(cli, call, args, exc):
    with pytest.raises(exc) as e:
        call()
    if args is not None:
        code, out, err = cli(*args)
        assert code != 0 and out == ""
        assert err.strip() == f"headwind: error: {e.value}"


def test_bad_spec_is_an_input_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "bad"\nstart = "2026Q2"\nquarters = "eight"\n')
    with pytest.raises(headwind.InputError) as e:
        headwind.forecast(str(bad))
    assert "bad.toml" in str(e.value)


def test_the_gil_is_released_during_the_simulation():
    # A Python thread keeps counting while the forecast runs; with the GIL held it could not.
    ticks = []
    done = threading.Event()

    def count():
        while not done.is_set():
            ticks.append(time.perf_counter())
            time.sleep(0.001)

    t = threading.Thread(target=count)
    t.start()
    time.sleep(0.02)
    start = time.perf_counter()
    headwind.forecast(paths=20000)
    end = time.perf_counter()
    done.set()
    t.join()
    during = [x for x in ticks if start < x < end]
    assert end - start > 0.05, "the forecast was too quick to tell"
    # With the GIL held, the counter would not run at all between start and end.
    assert len(during) >= 5, f"only {len(during)} ticks in {end - start:.3f} s"


def test_results_record_seed_spec_and_data_version():
    m = headwind.forecast(paths=200, seed=11).meta
    assert m["seed"] == 11
    assert len(m["model_spec_sha256"]) == 64
    assert m["data_version"]
    assert headwind.__version__ == m["headwind_version"]


def test_xlsx_bytes_equal_the_cli_workbook(cli, tmp_path):
    out = tmp_path / "f.xlsx"
    code, _, err = cli("forecast", "--paths", "500", "--format", "xlsx", "--output", str(out))
    assert code == 0, err
    f = headwind.forecast(paths=500)
    assert f.to_xlsx() == out.read_bytes()
    mine = tmp_path / "mine.xlsx"
    f.to_xlsx(mine)
    assert mine.read_bytes()[:2] == b"PK"
    with pytest.raises(headwind.RequestError):
        headwind.estimate().to_xlsx()


def test_report_equals_the_cli_page(cli):
    code, out, err = cli("report", "--paths", "500", "--sensitivity-paths", "0")
    assert code == 0, err
    page = headwind.report(paths=500, sensitivity_paths=0)
    assert page == out
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page


def test_sweep_parquet_reads_back_as_the_csv_with_pyarrow(cli, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    pd = pytest.importorskip("pandas")
    spec = tmp_path / "s.toml"
    spec.write_text(
        'name = "s"\nscenario = "reciprocal-25"\nvs = "korus"\npaths = 50\nseed = 3\n'
        '[design]\nkind = "lhs"\npoints = 12\nseed = 4\n'
        '[[parameter]]\nname = "rate"\ntarget = "measure[1].rate_pct"\nmin = 5\nmax = 45\n'
        '[[parameter]]\nname = "el"\ntarget = "overrides.elasticity"\nmin = 0.3\nmax = 1.5\n'
    )
    csv_path, pq_path = tmp_path / "s.csv", tmp_path / "s.parquet"
    for out in (csv_path, pq_path):
        code, _, err = cli("sweep", str(spec), "--output", str(out))
        assert code == 0, err
    table = pq.read_table(pq_path)
    header = csv_path.read_text().splitlines()[0]
    assert table.schema.metadata[b"headwind.sweep"].decode() == header
    frame = table.to_pandas()
    text = pd.read_csv(csv_path, comment="#", float_precision="round_trip")
    assert list(frame.columns) == list(text.columns)
    assert frame["point"].tolist() == list(range(1, 13))
    for c in text.columns:
        assert frame[c].tolist() == text[c].tolist(), c


def test_sensitivity_inputs_frame_and_report_compare_flag():
    pytest.importorskip("pandas")
    s = headwind.sensitivity(paths=200)
    assert list(s.inputs.index) == [r["name"] for r in s.to_dict()["inputs"]]
    page = headwind.report(paths=200, sensitivity_paths=0, compare=True, negotiation_paths=40)
    assert "<h2>Concession mixes</h2>" in page

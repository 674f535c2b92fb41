#!/usr/bin/env python3
"""Generate the malformed-input corpus in tests/bad_inputs/ from the shipped files (python3, stdlib only).

Each case is a file plus a row in tests/bad_inputs/MANIFEST.csv: path, the CLI argument kind it is fed
through (data:<file> replaces that file in a copy of data/; model, scenario, menu, response, concordance,
mix are passed as files), and a substring the error message must contain. tests/bad_inputs.rs runs the
binary on every case. Rebuild: python3 tools/make_bad_inputs.py
"""
import re
import csv
import io
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "bad_inputs")


def read(*p):
    with open(os.path.join(ROOT, *p), encoding="utf-8", newline="") as fh:
        return fh.read()


def line_set(text, n, col, value):
    lines = text.split("\n")
    cells = lines[n - 1].split(",")
    cells[col] = value
    lines[n - 1] = ",".join(cells)
    return "\n".join(lines)


cases = []


def case(name, kind, text, expect, binary=False):
    path = os.path.join(OUT, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    mode = "wb" if binary else "w"
    with open(path, mode, **({} if binary else {"encoding": "utf-8", "newline": ""})) as fh:
        fh.write(text)
    cases.append((name, kind, expect))


def main():
    dom = read("data", "io2020_domestic.csv")
    mq = read("data", "macro_quarterly.csv")
    tm = read("data", "tariff_measures.csv")
    ex = read("data", "exports_to_us_by_sector.csv")
    el = read("data", "trade_elasticities.csv")
    sec = read("data", "io2020_sectors.csv")
    inp = read("data", "io2020_inputs.csv")
    deals = read("data", "us_deals_2025.csv")
    model = read("models", "model.toml")
    scen = read("models", "scenarios", "deal-15.toml")
    menu = read("models", "concessions", "menu.toml")
    resp = read("models", "us_response.toml")
    groups = read("models", "groups.toml")
    mix = read("models", "concessions", "mixes", "deal-2025.toml")

    # data files (fed through --data DIR)
    case("data/empty_macro.csv", "data:macro_quarterly.csv", "", "empty")
    case("data/header_only_elasticities.csv", "data:trade_elasticities.csv", el.split("\n")[0] + "\n", "no data rows")
    case("data/missing_column_exports.csv", "data:exports_to_us_by_sector.csv", ex.replace("us_share,", "share,", 1), "us_share")
    case("data/non_numeric_flow.csv", "data:io2020_domestic.csv", line_set(dom, 7, 5, "abc"), "io2020_domestic.csv:7")
    case("data/nan_flow.csv", "data:io2020_imported.csv", line_set(read("data", "io2020_imported.csv"), 4, 2, "NaN"), "finite")
    case("data/inf_macro.csv", "data:macro_quarterly.csv", line_set(mq, 150, 1, "inf"), "macro_quarterly.csv:150")
    case("data/negative_output.csv", "data:io2020_inputs.csv", line_set(inp, 6, 3, "-1"), "positive")
    case("data/duplicated_sector.csv", "data:io2020_sectors.csv", line_set(sec, 5, 0, "03"), "duplicated sector code")
    case("data/unknown_sector_tariff.csv", "data:tariff_measures.csv", line_set(tm, 3, 5, "99"), "unknown sector code `99`")
    case("data/bad_quarter.csv", "data:macro_quarterly.csv", line_set(mq, 10, 0, "1962-Q1"), "macro_quarterly.csv:10")
    gap = mq.split("\n")
    case("data/gap_quarters.csv", "data:macro_quarterly.csv", "\n".join(gap[:40] + gap[41:]), "gap")
    case("data/duplicated_row_macro.csv", "data:macro_quarterly.csv", "\n".join(gap[:40] + [gap[39]] + gap[40:]), "duplicated quarter")
    case("data/unbalanced.csv", "data:io2020_domestic.csv", line_set(dom, 11, 11, str(float(dom.split("\n")[10].split(",")[11]) + 5e5)), "unbalanced table")
    case("data/truncated_tariffs.csv", "data:tariff_measures.csv", tm[: len(tm) // 2].rsplit(",", 2)[0], "tariff_measures.csv:")
    case("data/rate_out_of_range.csv", "data:tariff_measures.csv", line_set(tm, 4, 3, "750"), "rate_pct")
    case("data/negative_share.csv", "data:exports_to_us_by_sector.csv", line_set(ex, 3, 3, "-0.2"), "us_share")
    case("data/bad_date.csv", "data:tariff_measures.csv", line_set(tm, 5, 1, "12/03/2025"), "YYYY-MM-DD")
    case("data/end_before_start.csv", "data:tariff_measures.csv", line_set(tm, 2, 2, "2024-01-01"), "before effective")
    case("data/deal_negative_pledge.csv", "data:us_deals_2025.csv", line_set(deals, 3, 3, "-600"), "investment_usd_bn")
    case("data/not_utf8.csv", "data:io2020_sectors.csv", b"code,label,name_en,name_ko\n01,\xff\xfe,x,y\n", "UTF-8", binary=True)
    # Found by cargo-fuzz (data_csv, 2026-11-29): only a separator and form feeds, no field at all.
    case("data/only_separators.csv", "data:io2020_inputs.csv", ",\x0c\x0c", "no header line")
    case("data/huge_row.csv", "data:trade_elasticities.csv", el.split("\n")[0] + "\n" + ",".join(["1"] * 5000) + "\n", "fields")

    # implausible data (issue #16 class 3)
    case("data/gdp_1e308.csv", "data:macro_quarterly.csv", line_set(mq, 200, 1, "1e308"), "plausible")
    spike = mq.split("\n")[199].split(",")
    case("data/gdp_spike_x1000.csv", "data:macro_quarterly.csv", line_set(mq, 200, 1, str(float(spike[1]) * 1000)), "times the previous value")

    # the five dataset files the first rounds did not cover, so every file of headwind::data::FILES has a case
    mm = read("data", "macro_monthly.csv")
    case("data/non_numeric_monthly.csv", "data:macro_monthly.csv", line_set(mm, 100, 1, "abc"), "macro_monthly.csv:100")
    lags = read("data", "monthly_release_lags.csv")
    # quoted cells hold commas: set the cell through the csv module, not by splitting the line
    rows = list(csv.reader(io.StringIO(lags)))
    rows[1][rows[0].index("publication_lag_months")] = "-1"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    case("data/negative_release_lag.csv", "data:monthly_release_lags.csv", buf.getvalue(), "publication_lag_months")
    va = read("data", "korean_va_in_partner_exports_to_us.csv")
    case("data/nan_partner_va.csv", "data:korean_va_in_partner_exports_to_us.csv", line_set(va, 3, 3, "NaN"), "korean_va_in_partner_exports_to_us.csv:3")
    duties = read("data", "us_duties_korea.csv")
    case("data/non_numeric_duties.csv", "data:us_duties_korea.csv", line_set(duties, 2, 2, "x"), "us_duties_korea.csv:2")
    reinv = read("data", "korea_us_reinvestment.csv")
    case("data/negative_fdi.csv", "data:korea_us_reinvestment.csv", line_set(reinv, 2, 2, "-14.38"), "korea_us_reinvestment.csv:2")

    # model spec
    case("model/backtest_horizon_zero.toml", "model", model.replace("horizons = [1, 4]", "horizons = [0]"), "backtest.horizons")
    case("model/backtest_no_horizons.toml", "model", model.replace("horizons = [1, 4]", "horizons = []"), "backtest.horizons")
    case("model/sample_after_first_origin.toml", "model", model.replace('sample_start = "1982Q1"', 'sample_start = "2010Q1"', 1), "backtest.first_origin")
    case("model/hac_lag_beyond_sample.toml", "model", model.replace('covariance = "hac"', 'covariance = "hac:500"', 1), "gdp.covariance")
    case("model/pass_through_sd_nan.toml", "model", model.replace("pass_through_sd = 0.1", "pass_through_sd = nan"), "trade.pass_through_sd")
    case("model/pass_through_sd_huge.toml", "model", model.replace("pass_through_sd = 0.1", "pass_through_sd = 1e300"), "trade.pass_through_sd")
    case("model/prior_sd_inf.toml", "model", model.replace("prior_sd = 0.5", "prior_sd = inf"), "exports.tariff.prior_sd")
    case("model/unknown_key.toml", "model", model.replace("max_ar_lags = 4", "max_ar_lags = 4\nmax_lags = 6"), "max_lags")
    case("model/bad_criterion.toml", "model", model.replace('criterion = "bic"', 'criterion = "hqic"'), "hqic")
    case("model/unknown_series.toml", "model", model.replace('series = "us_gdp_real_usd_bn"', 'series = "us_gdp"'), "unknown series `us_gdp`")
    case("model/bad_quarter.toml", "model", model.replace('sample_start = "1982Q1"', 'sample_start = "1982-01"'), "1982-01")
    case("model/lag_profile_sum.toml", "model", model.replace("lag_profile = [0.4, 0.3, 0.2, 0.1]", "lag_profile = [0.4, 0.3]"), "lag_profile")
    case("model/truncated.toml", "model", model[: len(model) // 3], "truncated.toml")
    case("model/bad_covariance.toml", "model", model.replace('covariance = "hac"', 'covariance = "robust"', 1), "gdp.covariance")
    case("model/channel_offset_above_one.toml", "model", model.replace("value = 0.27", "value = 1.5"), "trade.exchange_rate_channel")
    case("model/channel_nan_sd.toml", "model", model.replace("value = 0.02\nsd = 0.01", "value = 0.02\nsd = nan"), "trade.uncertainty_channel")
    case("model/channel_no_source.toml", "model", re.sub(r'source = "ASSUMPTION: MPC 0\.4[^\n]*', 'source = " "', model), "trade.income_channel")

    # scenarios
    case("scenario/rate_too_high.toml", "scenario", scen.replace("rate_pct = 15\ncoverage_from", "rate_pct = 501\ncoverage_from", 1), "rate_pct")
    case("scenario/unknown_group.toml", "scenario", scen.replace('sectors = ["autos"]', 'sectors = ["cars"]', 1), "unknown sector or group `cars`")
    case("scenario/bad_quarter.toml", "scenario", scen.replace('start = "2025Q3"', 'start = "2025Q5"', 1), "2025Q5")
    case("scenario/horizon_too_long.toml", "scenario", scen.replace("quarters = 8", "quarters = 16"), "quarters")
    case("scenario/unknown_key.toml", "scenario", scen.replace("quarters = 8", "quarters = 8\nhorizon = 8"), "horizon")
    case("scenario/crlf_bom_unknown_measure.toml", "scenario", "\ufeff" + scen.replace('coverage_from = "s232_steel_50"', 'coverage_from = "s232_steel_99"').replace("\n", "\r\n"), "s232_steel_99")
    case("scenario/empty.toml", "scenario", "", "empty.toml")
    case("scenario/driver_path_length.toml", "scenario", scen.replace("us_gdp_growth = 0.61", "us_gdp_growth = [0.5, 0.5]"), "drivers.us_gdp_growth")

    case("scenario/misspelled_driver.toml", "scenario", scen.replace("us_gdp_growth = 0.61", "us_gpd_growth = 0.61"), "unknown driver")
    case("scenario/driver_not_a_number.toml", "scenario", scen.replace("us_gdp_growth = 0.61", 'us_gdp_growth = "fast"'), "expected a number")
    case("scenario/coverage_with_coverage_from.toml", "scenario", scen.replace('coverage_from = "ieepa_reciprocal_15"', 'coverage_from = "ieepa_reciprocal_15"\ncoverage = 0.01', 1), "measure[1].coverage")
    case("scenario/stacked_beyond_500.toml", "scenario", scen + "".join(f'\n[[measure]]\nname = "extra {k}"\nrate_pct = 300\nsectors = ["41"]\nstart = "2025Q3"\n' for k in range(2)), "stack")
    case("scenario/control_character_name.toml", "scenario", scen.replace('name = "deal-15"', 'name = "deal\\n2026Q9,evil,row\\u001b[31m"'), "control character")
    case("scenario/missing_baseline_file.toml", "scenario", scen.replace('baseline = "korus"', 'baseline = "no-such-base.toml"'), "baseline")

    # concession menus, US response, concordance, mixes
    case("menu/implausible_upper.toml", "menu", menu.replace("lower = 0.0\nupper = 400.0", "lower = 0.0\nupper = 1e200"), "plausible maximum")
    case("menu/reversed_bounds.toml", "menu", menu.replace("lower = 0.0\nupper = 400.0", "lower = 400.0\nupper = 0.0"), "bounds reversed")
    case("menu/empty_menu.toml", "menu", menu.split("[[instrument]]")[0] + "instrument = []\n", "no instruments")
    case("menu/unknown_kind.toml", "menu", menu.replace('kind = "defence"', 'kind = "military"'), "military")
    case("menu/opening_share_above_one.toml", "menu", menu.replace('sectors = ["40"]', 'sectors = ["40"]\n', 1).replace("name = \"auto_market\"\nkind = \"market_opening\"\nunit = \"share\"\nlower = 0.0\nupper = 1.0", "name = \"auto_market\"\nkind = \"market_opening\"\nunit = \"share\"\nlower = 0.0\nupper = 2.0"), "share in [0, 1]")
    case("response/bad_probability.toml", "response", resp.replace("p_deal_fails = 0.2", "p_deal_fails = 1.5"), "p_deal_fails")
    case("response/unknown_partner.toml", "response", resp.replace('partner = "South Korea"', 'partner = "Korea"'), "partner")
    case("response/missing_key.toml", "response", resp.replace("floor_pct = 10.0\n", ""), "floor_pct")
    case("concordance/unknown_sector.toml", "concordance", groups.replace('sectors = ["31"]', 'sectors = ["31", "84"]'), "unknown sector `84`")
    case("concordance/sector_twice.toml", "concordance", groups.replace('sectors = ["31"]', 'sectors = ["31", "40"]'), "sector `40`")
    case("concordance/missing_sector.toml", "concordance", groups.replace('sectors = ["41", "42"]', 'sectors = ["41"]'), "no group: 42")
    case("mix/unknown_instrument.toml", "mix", mix.replace("energy = 28.6", "lng = 28.6"), "mix.lng")
    case("mix/red_line.toml", "mix", mix + "rice_beef = 0.3\n", "red line")
    case("mix/out_of_bounds.toml", "mix", mix.replace("investment = 200.0", "investment = 2000.0"), "mix.investment")

    with open(os.path.join(OUT, "MANIFEST.csv"), "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["path", "kind", "expect"])
        w.writerows(cases)
    print(f"{len(cases)} cases")


if __name__ == "__main__":
    main()

# %% [markdown]
# # headwind from Python: the 2025 deal, a 25% escalation on chips, and the concession mix
#
# A notebook-style script (cells marked `# %%` open as a notebook in Jupyter with jupytext, VS Code
# or Spyder). Install the package once from the repository root: `pip install ./python pandas`.
# Run it as a script: `python examples/notebook.py`.

# %%
import headwind

f = headwind.forecast("deal-15", vs="korus", paths=10_000, seed=20251029)
print(f.summary())  # the same text as `headwind forecast`

# %% [markdown]
# The tables are pandas DataFrames (nested quantiles become dotted columns such as `quantiles.5`).

# %%
try:
    import pandas  # noqa: F401

    print(f.annual[["growth_mean", "baseline_growth_mean", "effect_pp_mean", "p_negative"]])
    top = f.sectors.sort_values("value_added_change_pct_gdp").head(5)
    print(top[["name", "exports_to_us_change_pct", "value_added_change_pct_gdp"]])
except ImportError:
    print("pandas is not installed: the tables are in f.to_dict()")

# %% [markdown]
# The headline with its uncertainty: the level effect at the horizon end and its 5-95% range.

# %%
d = f.to_dict()
q = d["gdp_level_effect_quantiles"]
print(
    f"real GDP level effect {d['gdp_level_effect_pct']:+.2f}% "
    f"(5-95%: {q['5']:+.2f}% to {q['95']:+.2f}%); "
    f"largest P(growth < 0) {max(r['p_negative'] for r in d['quarters']):.2f}"
)

# %% [markdown]
# An escalation: a 25% tariff on semiconductors from 2026Q3, against the deal.

# %%
chips = headwind.forecast("chips-25", vs="deal-15", paths=10_000)
print(chips.to_dict()["gdp_level_effect_pct"], chips.meta["seed"], chips.meta["data_version"])

# %% [markdown]
# The negotiation: the shipped mixes side by side, then the optimizer under a budget.

# %%
c = headwind.compare(paths=400)
print(c.summary())
best = headwind.optimize(budget=40, paths=400)
print(best.best["mix"], best.best["cost_usd_bn"], best.best["gdp_loss_pct"])

# %% [markdown]
# Errors are Python exceptions with the command line's messages.

# %%
try:
    headwind.forecast("no-such-scenario")
except headwind.HeadwindError as e:
    print(type(e).__name__, e)

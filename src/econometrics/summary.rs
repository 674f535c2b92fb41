//! A fit's summary as a value that renders to text (laid out like statsmodels' OLS summary), LaTeX and
//! JSON. Run-specific lines (dates, times) are left out so outputs are reproducible.

use super::diagnostics::TestStat;
use super::ols::{Coefficient, OlsFit};

/// Everything an economist reads off a fitted equation. JSON keys are a stable contract.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Summary {
    /// Equation name.
    pub name: String,
    /// Dependent variable.
    pub dependent: String,
    /// Number of observations.
    pub nobs: usize,
    /// Estimation sample, e.g. "1982Q1-2025Q3" (empty when not a time series).
    pub sample: String,
    /// R².
    pub r_squared: f64,
    /// Adjusted R².
    pub adj_r_squared: f64,
    /// F statistic (all slopes zero).
    pub f_stat: f64,
    /// p-value of F.
    pub f_p_value: f64,
    /// Log-likelihood.
    pub log_likelihood: f64,
    /// AIC.
    pub aic: f64,
    /// BIC.
    pub bic: f64,
    /// Covariance type (statsmodels name), with the HAC lag if any, e.g. "HAC(4)".
    pub covariance: String,
    /// Coefficients.
    pub coefficients: Vec<Coefficient>,
    /// Durbin-Watson.
    pub durbin_watson: TestStat,
    /// Ljung-Box.
    pub ljung_box: TestStat,
    /// Jarque-Bera.
    pub jarque_bera: TestStat,
    /// Condition number of X.
    pub condition_number: f64,
    /// Residual standard error.
    pub sigma: f64,
    /// Notes (e.g. which tariff elasticity the forecast uses and why).
    pub notes: Vec<String>,
}

impl OlsFit {
    /// The summary of this fit, named `name`, over `sample`.
    pub fn summary(&self, name: &str, sample: &str) -> Summary {
        Summary {
            name: name.to_string(),
            dependent: self.dependent.clone(),
            nobs: self.nobs,
            sample: sample.to_string(),
            r_squared: self.r_squared,
            adj_r_squared: self.adj_r_squared,
            f_stat: self.f_stat,
            f_p_value: self.f_p_value,
            log_likelihood: self.log_likelihood,
            aic: self.aic,
            bic: self.bic,
            covariance: match self.hac_lags {
                Some(l) => format!("{}({l})", self.cov.name()),
                None => self.cov.name(),
            },
            coefficients: self.coefficients.clone(),
            durbin_watson: self.durbin_watson.clone(),
            ljung_box: self.ljung_box.clone(),
            jarque_bera: self.jarque_bera.clone(),
            condition_number: self.condition_number,
            sigma: self.sigma,
            notes: Vec::new(),
        }
    }
}

fn p(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.3}")).unwrap_or_else(|| "-".into())
}

impl Summary {
    /// Plain-text table in statsmodels' layout: header block, coefficient table, diagnostics block.
    pub fn to_text(&self) -> String {
        let w = 78;
        let mut s = String::new();
        let title = format!("{} (OLS)", self.name);
        s.push_str(&format!("{title:^w$}\n"));
        s.push_str(&"=".repeat(w));
        s.push('\n');
        let rows = [
            (
                "Dep. Variable:",
                self.dependent.clone(),
                "R-squared:",
                format!("{:.3}", self.r_squared),
            ),
            (
                "Model:",
                "OLS".into(),
                "Adj. R-squared:",
                format!("{:.3}", self.adj_r_squared),
            ),
            (
                "Method:",
                "Least Squares (QR)".into(),
                "F-statistic:",
                format!("{:.4}", self.f_stat),
            ),
            (
                "Sample:",
                self.sample.clone(),
                "Prob (F-statistic):",
                format!("{:.3e}", self.f_p_value),
            ),
            (
                "No. Observations:",
                self.nobs.to_string(),
                "Log-Likelihood:",
                format!("{:.2}", self.log_likelihood),
            ),
            (
                "Covariance Type:",
                self.covariance.clone(),
                "AIC:",
                format!("{:.2}", self.aic),
            ),
            (
                "Resid. std. err.:",
                format!("{:.4}", self.sigma),
                "BIC:",
                format!("{:.2}", self.bic),
            ),
        ];
        for (a, b, c, d) in rows {
            s.push_str(&format!("{a:<20}{b:>18}   {c:<20}{d:>17}\n"));
        }
        s.push_str(&"=".repeat(w));
        s.push('\n');
        let stat = if self.covariance == "nonrobust" {
            ("t", "P>|t|")
        } else {
            ("z", "P>|z|")
        };
        s.push_str(&format!(
            "{:<20}{:>10}{:>10}{:>9}{:>8}{:>10}{:>11}\n",
            "", "coef", "std err", stat.0, stat.1, "[0.025", "0.975]"
        ));
        s.push_str(&"-".repeat(w));
        s.push('\n');
        for c in &self.coefficients {
            let name: String = c.name.chars().take(19).collect();
            s.push_str(&format!(
                "{name:<20}{:>10.4}{:>10.4}{:>9.3}{:>8.3}{:>10.3}{:>11.3}\n",
                c.estimate, c.std_error, c.t, c.p_value, c.ci_low, c.ci_high
            ));
        }
        s.push_str(&"=".repeat(w));
        s.push('\n');
        let diag = [
            (
                "Durbin-Watson:",
                format!("{:.3}", self.durbin_watson.statistic),
                "Jarque-Bera (JB):",
                format!("{:.3}", self.jarque_bera.statistic),
            ),
            (
                "Ljung-Box (Q):",
                format!("{:.3}", self.ljung_box.statistic),
                "Prob(JB):",
                p(self.jarque_bera.p_value),
            ),
            (
                "Prob(Q):",
                p(self.ljung_box.p_value),
                "Cond. No.:",
                format!("{:.3e}", self.condition_number),
            ),
        ];
        for (a, b, c, d) in diag {
            s.push_str(&format!("{a:<20}{b:>18}   {c:<20}{d:>17}\n"));
        }
        s.push_str(&"=".repeat(w));
        s.push('\n');
        s.push_str(&format!(
            "Ljung-Box with {} lags. {}\n",
            self.ljung_box.df.unwrap_or(0.0),
            if self.covariance == "nonrobust" {
                "Standard errors assume homoskedastic, uncorrelated errors."
            } else {
                "Robust standard errors; inference uses the normal distribution (statsmodels convention)."
            }
        ));
        for n in &self.notes {
            s.push_str(&format!("Note: {n}\n"));
        }
        s
    }

    /// A LaTeX table (booktabs) with coefficients, standard errors in parentheses and fit statistics.
    pub fn to_latex(&self) -> String {
        let esc = |t: &str| {
            t.replace('_', "\\_")
                .replace('%', "\\%")
                .replace('&', "\\&")
        };
        let stars = |pv: f64| {
            if pv < 0.01 {
                "^{***}"
            } else if pv < 0.05 {
                "^{**}"
            } else if pv < 0.1 {
                "^{*}"
            } else {
                ""
            }
        };
        let mut s = String::new();
        s.push_str("\\begin{table}[htbp]\n\\centering\n");
        s.push_str(&format!(
            "\\caption{{{} (OLS, dependent variable: {})}}\n",
            esc(&self.name),
            esc(&self.dependent)
        ));
        s.push_str("\\begin{tabular}{lr}\n\\toprule\n & Estimate \\\\\n\\midrule\n");
        for c in &self.coefficients {
            s.push_str(&format!(
                "{} & ${:.4}{}$ \\\\\n & $({:.4})$ \\\\\n",
                esc(&c.name),
                c.estimate,
                stars(c.p_value),
                c.std_error
            ));
        }
        s.push_str("\\midrule\n");
        s.push_str(&format!("Observations & {} \\\\\n", self.nobs));
        s.push_str(&format!("Sample & {} \\\\\n", esc(&self.sample)));
        s.push_str(&format!(
            "$R^2$ & {:.3} \\\\\nAdjusted $R^2$ & {:.3} \\\\\n",
            self.r_squared, self.adj_r_squared
        ));
        s.push_str(&format!(
            "AIC & {:.2} \\\\\nBIC & {:.2} \\\\\n",
            self.aic, self.bic
        ));
        s.push_str(&format!(
            "Durbin-Watson & {:.3} \\\\\n",
            self.durbin_watson.statistic
        ));
        s.push_str("\\bottomrule\n\\end{tabular}\n");
        s.push_str(&format!(
            "\\par\\footnotesize Standard errors in parentheses ({}). $^{{*}}p<0.1$, $^{{**}}p<0.05$, $^{{***}}p<0.01$.\n",
            esc(&self.covariance)
        ));
        s.push_str("\\end{table}\n");
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stat(name: &'static str, statistic: f64, p_value: Option<f64>) -> TestStat {
        TestStat {
            name,
            statistic,
            p_value,
            df: Some(4.0),
            null: "",
        }
    }

    fn coef(name: &str, p_value: f64) -> Coefficient {
        Coefficient {
            name: name.into(),
            estimate: 1.23456,
            std_error: 0.5,
            t: 2.469,
            p_value,
            ci_low: 0.25,
            ci_high: 2.21,
        }
    }

    fn summary(covariance: &str) -> Summary {
        Summary {
            name: "gdp_growth".into(),
            dependent: "y".into(),
            nobs: 175,
            sample: "1982Q1-2025Q3".into(),
            r_squared: 0.5,
            adj_r_squared: 0.4,
            f_stat: 3.0,
            f_p_value: 0.01,
            log_likelihood: -10.0,
            aic: 24.0,
            bic: 30.0,
            covariance: covariance.into(),
            // p-values on each side of the 1%, 5% and 10% thresholds (a p-value at a threshold is
            // not below it).
            coefficients: vec![
                coef("a", 0.0099),
                coef("b", 0.01),
                coef("c", 0.0499),
                coef("d", 0.05),
                coef("e", 0.0999),
                coef("f", 0.1),
            ],
            durbin_watson: stat("Durbin-Watson", 1.9, None),
            ljung_box: stat("Ljung-Box", 5.5, Some(0.24)),
            jarque_bera: stat("Jarque-Bera", 7.25, None),
            condition_number: 12.5,
            sigma: 0.8,
            notes: vec!["prior elasticity used".into()],
        }
    }

    #[test]
    fn latex_stars_follow_the_conventional_thresholds_and_names_are_escaped() {
        let t = summary("HAC(4)").to_latex();
        let stars: Vec<&str> = t
            .lines()
            .filter(|l| l.contains("$1.2346"))
            .map(|l| l.split("1.2346").nth(1).unwrap().split('$').next().unwrap())
            .collect();
        assert_eq!(
            stars,
            ["^{***}", "^{**}", "^{**}", "^{*}", "^{*}", ""],
            "{t}"
        );
        assert!(t.contains("gdp\\_growth (OLS, dependent variable: y)"));
        assert!(t.contains("Observations & 175"));
        assert!(t.contains("$(0.5000)$"));
    }

    #[test]
    fn the_text_names_its_statistic_and_prints_missing_p_values_as_a_dash() {
        let robust = summary("HAC(4)").to_text();
        assert!(robust.contains("P>|z|") && !robust.contains("P>|t|"));
        assert!(robust.contains("Robust standard errors"));
        let classical = summary("nonrobust").to_text();
        assert!(classical.contains("P>|t|") && classical.contains("homoskedastic"));
        // Prob(JB) is missing here: a dash; Prob(Q) is 0.240.
        let jb = classical.lines().find(|l| l.contains("Prob(JB):")).unwrap();
        assert!(jb.trim_end().ends_with('-'), "{jb}");
        assert!(classical.contains("0.240"));
        assert!(classical.contains("Ljung-Box with 4 lags."));
        assert!(classical.contains("Note: prior elasticity used"));
        let row = classical.lines().find(|l| l.starts_with("a ")).unwrap();
        assert_eq!(
            row.split_whitespace().collect::<Vec<_>>(),
            ["a", "1.2346", "0.5000", "2.469", "0.010", "0.250", "2.210"]
        );
    }
}

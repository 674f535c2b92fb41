//! Quarterly series transformations and regression designs with lags, over a checked sample.

use ndarray::{Array1, Array2};
use serde::Deserialize;

use crate::data::{Quarter, QuarterlyTable};
use crate::error::{Error, Result};

/// How a level series becomes a regression variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Transform {
    /// The level as is.
    Level,
    /// 100 × ln(level).
    Log100,
    /// Quarter-on-quarter growth in log points: 100 × (ln x_t - ln x_{t-1}) (≈ % q/q).
    Dlog100,
    /// Year-on-year growth in log points: 100 × (ln x_t - ln x_{t-4}) (for series not seasonally adjusted).
    Dlog100Yoy,
}

/// Apply a transform to a series aligned with the table's quarters.
pub fn transform(values: &[Option<f64>], t: Transform) -> Vec<Option<f64>> {
    let lag = |k: usize| -> Vec<Option<f64>> {
        (0..values.len())
            .map(
                |i| match (values[i], i.checked_sub(k).and_then(|j| values[j])) {
                    (Some(a), Some(b)) if a > 0.0 && b > 0.0 => Some(100.0 * (a.ln() - b.ln())),
                    _ => None,
                },
            )
            .collect()
    };
    match t {
        Transform::Level => values.to_vec(),
        Transform::Log100 => values
            .iter()
            .map(|v| v.filter(|x| *x > 0.0).map(|x| 100.0 * x.ln()))
            .collect(),
        Transform::Dlog100 => lag(1),
        Transform::Dlog100Yoy => lag(4),
    }
}

/// A variable on the table's quarter grid.
#[derive(Debug, Clone)]
pub struct Variable {
    /// Name used in coefficient tables.
    pub name: String,
    /// Values aligned with the table quarters.
    pub values: Vec<Option<f64>>,
}

impl Variable {
    /// A transformed series from the table; errors name the spec key when the series does not exist.
    pub fn from_table(
        table: &QuarterlyTable,
        series: &str,
        t: Transform,
        name: &str,
        file: &str,
        key: &str,
    ) -> Result<Variable> {
        let s = table.get(series).ok_or_else(|| {
            let names: Vec<&str> = table.series.iter().map(|s| s.name.as_str()).collect();
            Error::spec(
                file,
                None,
                key,
                format!("unknown series `{series}`; available: {}", names.join(", ")),
            )
        })?;
        Ok(Variable {
            name: name.to_string(),
            values: transform(&s.values, t),
        })
    }
}

/// A regressor: a variable at a lag (0 = same quarter).
#[derive(Debug, Clone)]
pub struct Term {
    /// Index into the variables passed to [`build_design`].
    pub var: usize,
    /// Lag in quarters.
    pub lag: usize,
}

/// A regression design over consecutive quarters.
#[derive(Debug, Clone)]
pub struct Design {
    /// Quarters of the rows.
    pub quarters: Vec<Quarter>,
    /// Row index of each quarter in the table.
    pub rows: Vec<usize>,
    /// Dependent variable.
    pub y: Array1<f64>,
    /// Regressors (first column the constant).
    pub x: Array2<f64>,
    /// Column names.
    pub names: Vec<String>,
}

impl Design {
    /// The last `n` rows (all of them if there are fewer).
    pub fn last_rows(&self, n: usize) -> Design {
        let lo = self.y.len().saturating_sub(n);
        Design {
            quarters: self.quarters[lo..].to_vec(),
            rows: self.rows[lo..].to_vec(),
            y: self.y.slice(ndarray::s![lo..]).to_owned(),
            x: self.x.slice(ndarray::s![lo.., ..]).to_owned(),
            names: self.names.clone(),
        }
    }
}

/// Build y_t on [1, terms...] for t in [start, end]; `end = None` takes the last quarter where every
/// term and y exist. Errors name the variable and quarter when a value is missing inside the sample,
/// and refuse samples with no more observations than regressors.
pub fn build_design(
    quarters: &[Quarter],
    y: &Variable,
    vars: &[Variable],
    terms: &[Term],
    start: Quarter,
    end: Option<Quarter>,
) -> Result<Design> {
    let pos = |q: Quarter| quarters.iter().position(|x| *x == q);
    let first = pos(start).ok_or_else(|| {
        Error::Request(format!(
            "sample start {start} is outside the data ({}..{})",
            quarters[0],
            quarters[quarters.len() - 1]
        ))
    })?;
    let value =
        |v: &Variable, row: usize, lag: usize| row.checked_sub(lag).and_then(|r| v.values[r]);
    let complete = |row: usize| {
        value(y, row, 0).is_some()
            && terms
                .iter()
                .all(|t| value(&vars[t.var], row, t.lag).is_some())
    };
    let last = match end {
        Some(q) => {
            pos(q).ok_or_else(|| Error::Request(format!("sample end {q} is outside the data")))?
        }
        None => (first..quarters.len())
            .rev()
            .find(|&r| complete(r))
            .ok_or_else(|| Error::Request(format!("no complete observation from {start} on")))?,
    };
    if last < first {
        return Err(Error::Request(format!(
            "sample end {} is before the start {start}",
            quarters[last]
        )));
    }
    for row in first..=last {
        if value(y, row, 0).is_none() {
            return Err(Error::Request(format!(
                "`{}` is missing at {} inside the sample {start}..{}",
                y.name, quarters[row], quarters[last]
            )));
        }
        for t in terms {
            if value(&vars[t.var], row, t.lag).is_none() {
                let missing = row.checked_sub(t.lag);
                let at = missing
                    .map(|r| quarters[r].to_string())
                    .unwrap_or_else(|| "before the data start".into());
                let why = if missing.is_some_and(|r| r >= first) {
                    format!("a gap inside the sample {start}..{}", quarters[last])
                } else {
                    "the sample start is too early for the lags".into()
                };
                return Err(Error::Request(format!(
                    "`{}` lag {} is missing at {at} (needed for {}): {why}",
                    vars[t.var].name, t.lag, quarters[row]
                )));
            }
        }
    }
    let n = last - first + 1;
    let k = terms.len() + 1;
    if n <= k {
        return Err(Error::Request(format!(
            "{n} observations for {k} regressors: too few observations for the lags"
        )));
    }
    let mut x = Array2::zeros((n, k));
    let mut yy = Array1::zeros(n);
    for (i, row) in (first..=last).enumerate() {
        yy[i] = value(y, row, 0).expect("checked");
        x[[i, 0]] = 1.0;
        for (j, t) in terms.iter().enumerate() {
            x[[i, j + 1]] = value(&vars[t.var], row, t.lag).expect("checked");
        }
    }
    let mut names = vec!["const".to_string()];
    names.extend(terms.iter().map(|t| {
        if t.lag == 0 {
            vars[t.var].name.clone()
        } else {
            format!("{}_l{}", vars[t.var].name, t.lag)
        }
    }));
    Ok(Design {
        quarters: quarters[first..=last].to_vec(),
        rows: (first..=last).collect(),
        y: yy,
        x,
        names,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transforms_take_logs_of_positive_values_only() {
        let l2 = 100.0 * 2f64.ln();
        let v = [Some(1.0), Some(2.0), None, Some(-1.0), Some(4.0), Some(8.0)];
        assert_eq!(transform(&v, Transform::Level), v.to_vec());
        let close = |a: &[Option<f64>], b: &[Option<f64>]| {
            assert_eq!(a.len(), b.len());
            for (x, y) in a.iter().zip(b) {
                match (x, y) {
                    (Some(x), Some(y)) => assert!((x - y).abs() < 1e-12, "{a:?} vs {b:?}"),
                    (None, None) => {}
                    _ => panic!("{a:?} vs {b:?}"),
                }
            }
        };
        close(
            &transform(&v, Transform::Log100),
            &[
                Some(0.0),
                Some(l2),
                None,
                None,
                Some(2.0 * l2),
                Some(3.0 * l2),
            ],
        );
        // q/q: a missing or non-positive value on either side gives a missing growth rate.
        close(
            &transform(&v, Transform::Dlog100),
            &[None, Some(l2), None, None, None, Some(l2)],
        );
        close(
            &transform(&v, Transform::Dlog100Yoy),
            &[None, None, None, None, Some(2.0 * l2), Some(2.0 * l2)],
        );
        // Zero is not positive: ln 0 is not a growth rate.
        close(
            &transform(&[Some(0.0), Some(1.0)], Transform::Dlog100),
            &[None, None],
        );
        close(
            &transform(&[Some(1.0), Some(0.0)], Transform::Dlog100),
            &[None, None],
        );
        close(&transform(&[Some(0.0)], Transform::Log100), &[None]);
    }

    fn quarters(n: usize) -> Vec<Quarter> {
        let q0: Quarter = "2000Q1".parse().unwrap();
        (0..n).map(|k| q0.offset(k as i64)).collect()
    }

    fn var(name: &str, v: &[Option<f64>]) -> Variable {
        Variable {
            name: name.into(),
            values: v.to_vec(),
        }
    }

    #[test]
    fn a_design_stacks_lags_from_the_start_to_the_last_complete_quarter() {
        let qs = quarters(7);
        let y = var(
            "y",
            &[
                Some(1.0),
                Some(2.0),
                Some(3.0),
                Some(4.0),
                Some(5.0),
                Some(6.0),
                None,
            ],
        );
        let x = var(
            "x",
            &[
                Some(10.0),
                Some(20.0),
                Some(30.0),
                Some(40.0),
                Some(50.0),
                None,
                Some(70.0),
            ],
        );
        let terms = [Term { var: 0, lag: 0 }, Term { var: 0, lag: 1 }];
        // From 2000Q2: the last quarter with y, x and x_{t-1} is 2001Q1 (row 4).
        let d = build_design(&qs, &y, std::slice::from_ref(&x), &terms, qs[1], None).unwrap();
        assert_eq!(d.names, ["const", "x", "x_l1"]);
        assert_eq!(d.rows, [1, 2, 3, 4]);
        assert_eq!(d.quarters, qs[1..5].to_vec());
        assert_eq!(d.y.to_vec(), [2.0, 3.0, 4.0, 5.0]);
        assert_eq!(
            d.x.rows()
                .into_iter()
                .map(|r| r.to_vec())
                .collect::<Vec<_>>(),
            [
                [1.0, 20.0, 10.0],
                [1.0, 30.0, 20.0],
                [1.0, 40.0, 30.0],
                [1.0, 50.0, 40.0]
            ]
        );
        let tail = d.last_rows(2);
        assert_eq!(tail.rows, [3, 4]);
        assert_eq!(tail.x.row(0).to_vec(), [1.0, 40.0, 30.0]);
        assert_eq!(d.last_rows(10).rows.len(), 4);
        let err = |y: &Variable, start: usize, end: Option<usize>| {
            build_design(
                &qs,
                y,
                std::slice::from_ref(&x),
                &terms,
                qs[start],
                end.map(|e| qs[e]),
            )
            .unwrap_err()
            .to_string()
        };
        // A sample start with no lag before it, a gap inside the sample, too few observations, an
        // end before the start, a start outside the data, a missing dependent variable.
        let e = err(&y, 0, None);
        assert!(e.contains("lag 1 is missing at before the data start (needed for 2000Q1): the sample start is too early"), "{e}");
        let e = err(&y, 1, Some(5));
        assert!(e.contains("`x` lag 0 is missing at 2001Q2 (needed for 2001Q2): a gap inside the sample 2000Q2..2001Q2"), "{e}");
        let e = err(&y, 1, Some(3));
        assert!(e.contains("3 observations for 3 regressors"), "{e}");
        let e = err(&y, 1, Some(1)); // one quarter: not reversed, just too short
        assert!(e.contains("1 observations for 3 regressors"), "{e}");
        let e = err(&y, 3, Some(2));
        assert!(e.contains("before the start"), "{e}");
        let e = build_design(
            &qs,
            &y,
            std::slice::from_ref(&x),
            &terms,
            "1999Q4".parse().unwrap(),
            None,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("outside the data"), "{e}");
        let mut gap = y.clone();
        gap.values[3] = None;
        let e = err(&gap, 1, Some(4));
        assert!(
            e.contains("`y` is missing at 2000Q4 inside the sample 2000Q2..2001Q1"),
            "{e}"
        );
        // One observation more than regressors is enough (the end stops before y's missing 2001Q3);
        // as many is too few.
        let z = [var("z", &[Some(1.0); 7])];
        let one = [Term { var: 0, lag: 0 }];
        let d = build_design(&qs, &y, &z, &one, qs[3], None).unwrap();
        assert_eq!(d.rows, [3, 4, 5]);
        assert!(build_design(&qs, &y, &z, &one, qs[4], None).is_err());
    }
}

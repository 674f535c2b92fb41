//! Monthly indicators (`macro_monthly.csv`: one `month` column `YYYY-MM`, one column per series, empty
//! cells outside a series' span) and their publication lags (`monthly_release_lags.csv`), for the
//! nowcast of the quarter in progress.

use std::fmt;
use std::str::FromStr;

use super::csvutil::parse_csv;
use super::quarterly::{checked_series, push_levels};
use super::{Quarter, Series};
use crate::error::Result;

/// A calendar month.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct Month {
    /// Calendar year.
    pub year: i32,
    /// Month 1..=12.
    pub month: u8,
}

impl Month {
    /// Months since year 0 (12·year + month − 1).
    pub fn index(self) -> i64 {
        self.year as i64 * 12 + (self.month as i64 - 1)
    }

    /// Inverse of [`Month::index`].
    pub fn from_index(k: i64) -> Month {
        Month {
            year: k.div_euclid(12) as i32,
            month: (k.rem_euclid(12) + 1) as u8,
        }
    }

    /// The month `k` months later (earlier if negative).
    pub fn offset(self, k: i64) -> Month {
        Month::from_index(self.index() + k)
    }

    /// The quarter the month belongs to.
    pub fn quarter(self) -> Quarter {
        Quarter {
            year: self.year,
            q: (self.month - 1) / 3 + 1,
        }
    }

    /// Position in its quarter, 1..=3.
    pub fn in_quarter(self) -> usize {
        (self.month as usize - 1) % 3 + 1
    }

    /// The first month of quarter `q`.
    pub fn first_of(q: Quarter) -> Month {
        Month {
            year: q.year,
            month: (q.q - 1) * 3 + 1,
        }
    }
}

impl FromStr for Month {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let bad = || format!("expected a month YYYY-MM, found `{s}`");
        let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u8 = m.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) {
            return Err(bad());
        }
        Ok(Month { year, month })
    }
}

impl TryFrom<String> for Month {
    type Error = String;
    fn try_from(s: String) -> std::result::Result<Self, String> {
        s.parse()
    }
}

impl From<Month> for String {
    fn from(m: Month) -> String {
        m.to_string()
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Monthly series on consecutive months.
#[derive(Debug, Clone)]
pub struct MonthlyTable {
    /// The months, consecutive.
    pub months: Vec<Month>,
    /// The series (None outside each one's span).
    pub series: Vec<Series>,
    /// Publication lag of each indicator in months (`monthly_release_lags.csv`): the value for month
    /// k is known at the end of month k + lag.
    pub lags: Vec<(String, usize)>,
}

impl MonthlyTable {
    /// A series by name.
    pub fn get(&self, name: &str) -> Option<&Series> {
        self.series.iter().find(|s| s.name == name)
    }

    /// Value of `name` in month `m`, if present.
    pub fn value(&self, name: &str, m: Month) -> Option<f64> {
        let first = self.months.first()?;
        let k = m.index() - first.index();
        if k < 0 {
            return None;
        }
        self.get(name)?.values.get(k as usize).copied().flatten()
    }

    /// Publication lag of `name` in months (0 if the lags file does not list it).
    pub fn lag(&self, name: &str) -> usize {
        self.lags
            .iter()
            .find(|(n, _)| n == name)
            .map_or(0, |(_, l)| *l)
    }

    /// The table as known at the end of month `m`: each series keeps the months up to m − its lag.
    pub fn as_of(&self, m: Month) -> MonthlyTable {
        let mut t = self.clone();
        let first = self.months.first().map(|x| x.index()).unwrap_or(0);
        for s in t.series.iter_mut() {
            let last_known = m.index() - self.lag(&s.name) as i64;
            for (k, v) in s.values.iter_mut().enumerate() {
                if first + k as i64 > last_known {
                    *v = None;
                }
            }
        }
        t
    }

    /// The last month with a value of `name`.
    pub fn last_month(&self, name: &str) -> Option<Month> {
        let s = self.get(name)?;
        let k = s.values.iter().rposition(|v| v.is_some())?;
        Some(self.months[k])
    }
}

pub(crate) fn parse_monthly(
    file: &str,
    text: &str,
    lags_file: &str,
    lags_text: &str,
) -> Result<MonthlyTable> {
    let t = parse_csv(file, text)?;
    if t.col("month")? != 0 {
        return Err(t.err(1, "month", "the first column must be `month`"));
    }
    let names: Vec<String> = t.header[1..].to_vec();
    if names.is_empty() {
        return Err(t.err(1, "", "no series columns after `month`"));
    }
    let mut months: Vec<Month> = Vec::with_capacity(t.rows.len());
    let mut values: Vec<Vec<Option<f64>>> = vec![Vec::with_capacity(t.rows.len()); names.len()];
    for (line, r) in &t.rows {
        let m: Month = r[0].parse().map_err(|e: String| t.err(*line, "month", e))?;
        if let Some(prev) = months.last() {
            if m.index() != prev.index() + 1 {
                return Err(t.err(
                    *line,
                    "month",
                    format!("months must be consecutive: {m} follows {prev}"),
                ));
            }
        }
        months.push(m);
        push_levels(&t, *line, &names, &r[1..], &mut values)?;
    }
    let series = checked_series(file, &t, names, values, |k| months[k].to_string())?;
    let l = parse_csv(lags_file, lags_text)?;
    let (ci, cl) = (l.col("indicator")?, l.col("publication_lag_months")?);
    let mut lags = Vec::new();
    for (line, r) in &l.rows {
        let lag = l.num_in(*line, "publication_lag_months", &r[cl], 0.0, 12.0)?;
        if lag.fract() != 0.0 {
            return Err(l.err(
                *line,
                "publication_lag_months",
                "expected a whole number of months",
            ));
        }
        lags.push((r[ci].clone(), lag as usize));
    }
    Ok(MonthlyTable {
        months,
        series,
        lags,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_parse_index_and_map_to_quarters() {
        let m: Month = "2025-03".parse().unwrap();
        assert_eq!(m.quarter().to_string(), "2025Q1");
        assert_eq!(m.in_quarter(), 3);
        assert_eq!(m.offset(1).to_string(), "2025-04");
        assert_eq!(
            Month::first_of("2025Q2".parse().unwrap()).to_string(),
            "2025-04"
        );
        for bad in ["2025-13", "2025-3", "25-03", "2025Q1"] {
            assert!(bad.parse::<Month>().is_err(), "{bad}");
        }
    }

    #[test]
    fn as_of_respects_each_series_publication_lag() {
        let text = "month,a,b\n2025-01,1,1\n2025-02,2,2\n2025-03,3,3\n";
        let lags = "indicator,publication_lag_months\nb,2\n";
        let t = parse_monthly("m.csv", text, "l.csv", lags).unwrap();
        let c = t.as_of("2025-03".parse().unwrap());
        assert_eq!(
            c.get("a").unwrap().values,
            vec![Some(1.0), Some(2.0), Some(3.0)]
        );
        assert_eq!(c.get("b").unwrap().values, vec![Some(1.0), None, None]);
        let e = parse_monthly("m.csv", "month,a\n2025-01,1\n2025-03,2\n", "l.csv", lags)
            .unwrap_err()
            .to_string();
        assert!(e.contains("m.csv") && e.contains("consecutive"), "{e}");
    }
}

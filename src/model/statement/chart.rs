//! The chart of a statement's result month by month, accumulated, from books with period
//! balances: a bar chart (`typ: tabell`, `diagram: stapel`) with its table and its text for
//! readers who cannot see it.

use super::{Statement, period_name};
use crate::model::figure::Figure;
use crate::model::shown;

impl Statement {
    /// The chart of the result month by month, utfall and budget accumulated (`typ: tabell`
    /// with `diagram: stapel`), where the statement comes from books with period balances. A
    /// loss in some month is a bar below the zero line.
    pub fn monthly_chart(&self) -> Option<crate::model::table::Table> {
        use crate::model::table::{Series, Table};
        if self.monthly.is_empty() {
            return None;
        }
        let categories: Vec<String> = self.monthly.iter().map(|(m, _, _)| m.clone()).collect();
        // A chart and its table print whole kronor (rounded here, as every printed figure is).
        let whole = |f: &Figure| f.rounded_to(crate::money::round(f.value, 0));
        let mut series = vec![Series {
            name: "Utfall, ackumulerat".into(),
            values: self
                .monthly
                .iter()
                .map(|(_, a, _)| Some(whole(a)))
                .collect(),
        }];
        if self.monthly.iter().any(|(_, _, b)| b.is_some()) {
            series.insert(
                0,
                Series {
                    name: "Budget, ackumulerat".into(),
                    values: self
                        .monthly
                        .iter()
                        .map(|(_, _, b)| b.as_ref().map(whole))
                        .collect(),
                },
            );
        }
        let title = match self.period {
            Some((from, to)) => format!(
                "Resultat per månad, ackumulerat, {}",
                period_name(self.fiscal_year.map_or(from, |(start, _)| start), to)
            ),
            None => "Resultat per månad, ackumulerat".into(),
        };
        let alt = format!(
            "Diagram: {title}. {}.",
            self.monthly
                .iter()
                .map(|(m, a, b)| match b {
                    Some(b) => format!(
                        "{m}: budget {}, utfall {}",
                        shown(b.value, self.unit),
                        shown(a.value, self.unit)
                    ),
                    None => format!("{m}: utfall {}", shown(a.value, self.unit)),
                })
                .collect::<Vec<_>>()
                .join("; ")
        );
        Some(Table {
            title,
            chart: "stapel".into(),
            categories,
            series,
            unit: Some(self.unit.label().into()),
            alt,
        })
    }
}

//! The tables a document prints, as the model makes them: the rows in order, each cell a
//! [`Figure`] (a sum, an avvikelse, a result, a share: all computed here). The context stage only
//! projects them into template values, and the revisor's trail (`build/<doc>.json`, the web
//! edition's Underlag, `arshjul underlag`) walks the same rows, so every printed figure has its
//! table, row and column, and its origin.

use super::figure::Figure;

/// A printed table: its columns and rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// The columns in the order printed.
    pub columns: Vec<Column>,
    /// The rows in the order printed.
    pub rows: Vec<Row>,
}

/// A column of a printed table.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// What it holds, as a key: `budget`, `utfall`, `avvikelse`, `föregående_år`, a year
    /// (`2021`), `ingående`, `utgående`, … (the figures' ids are made of it).
    pub key: String,
    /// Its heading as printed (“Utfall jan–aug 2018”, “2021 tkr”).
    pub heading: String,
}

/// What a printed row is, as layouts style it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// `avsnitt`: a section heading (Tillgångar, Resultat).
    Section,
    /// `rubrik`: a group's heading, without figures.
    Heading,
    /// `post`: a line of figures.
    Post,
    /// `summa`: a group's sum.
    Sum,
    /// `delresultat`: a running result (Rörelseresultat).
    Subtotal,
    /// `total`: a table's total (Summa tillgångar, Årets resultat).
    Total,
    /// `kontroll`: a check printed with the table (Beräknat resultat).
    Check,
    /// `resultat`: a result line of a budget (Årets resultat, Utgående eget kapital).
    Result,
    /// `eget_kapital`: a line of a budget's equity chain.
    Equity,
    /// `procent`: a line of shares, printed as percentages (Soliditet).
    Percent,
}

impl RowKind {
    /// The name layouts see in `slag`.
    pub fn name(self) -> &'static str {
        match self {
            RowKind::Section => "avsnitt",
            RowKind::Heading => "rubrik",
            RowKind::Post => "post",
            RowKind::Sum => "summa",
            RowKind::Subtotal => "delresultat",
            RowKind::Total => "total",
            RowKind::Check => "kontroll",
            RowKind::Result => "resultat",
            RowKind::Equity => "eget_kapital",
            RowKind::Percent => "procent",
        }
    }
}

/// A printed row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// What it is.
    pub kind: RowKind,
    /// The name printed (“S:a Rörelsens kostnader”).
    pub name: String,
    /// Its indentation level, from 0.
    pub level: usize,
    /// One cell per column (`None`: blank); none for a heading.
    pub cells: Vec<Option<Figure>>,
    /// A footnote on the whole row.
    pub note: Option<String>,
    /// A footnote per cell, where there are any (a budget's `not: { 2022: … }`).
    pub cell_notes: Vec<Option<String>>,
    /// A top-level cost group's share of the costs (first year), printed under its heading.
    pub share: Option<Figure>,
    /// The label of the place in the narrative that explains the row's avvikelse, where the
    /// row can be explained.
    pub anchor: Option<String>,
}

impl Row {
    /// A row of `kind` with these cells and nothing else.
    pub fn new(
        kind: RowKind,
        name: impl Into<String>,
        level: usize,
        cells: Vec<Option<Figure>>,
    ) -> Row {
        Row {
            kind,
            name: name.into(),
            level,
            cells,
            note: None,
            cell_notes: Vec::new(),
            share: None,
            anchor: None,
        }
    }

    /// A heading of `kind` (Section or Heading): a name and no figures.
    pub fn heading(kind: RowKind, name: impl Into<String>, level: usize) -> Row {
        Row::new(kind, name, level, Vec::new())
    }
}

impl Table {
    /// Every figure printed in the table with its row and column: (row, column, figure).
    pub fn figures(&self) -> impl Iterator<Item = (&Row, &Column, &Figure)> {
        self.rows.iter().flat_map(move |row| {
            row.cells
                .iter()
                .zip(&self.columns)
                .filter_map(move |(cell, column)| cell.as_ref().map(|f| (row, column, f)))
        })
    }
}

//! A total that misses its value ([`Kind::Total`](super::Kind::Total)): what is totalled.

use super::*;

/// What sums to the wrong total ([`Kind::Total`](super::Kind::Total)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Totalled {
    /// A voucher (#VER) of an SIE file, its rows' amounts: 0.
    Voucher,
    /// The opening balances (#IB) of an SIE file: 0 (a warning: last year's result not yet
    /// booked).
    OpeningBalances,
    /// The shares (`andel`) of `fördelning`: 1, 100 %.
    Shares,
}

impl Totalled {
    /// What is summed, as `vad` says it.
    pub fn noun(self) -> &'static str {
        match self {
            Totalled::Voucher => "verifikation",
            Totalled::OpeningBalances => "ingående balanser",
            Totalled::Shares => "andelar",
        }
    }

    /// What the sum should be.
    pub fn target(self) -> Decimal {
        match self {
            Totalled::Voucher | Totalled::OpeningBalances => Decimal::ZERO,
            Totalled::Shares => Decimal::ONE,
        }
    }

    pub(super) fn message(self, sum: Decimal) -> String {
        match self {
            Totalled::Voucher => format!(
                "verifikationen balanserar inte: summan är {} i stället för 0",
                shown(sum, Unit::Kr)
            ),
            Totalled::OpeningBalances => format!(
                "ingående balanser summerar till {}, inte 0",
                shown(sum, Unit::Kr)
            ),
            Totalled::Shares => format!(
                "andelarna i `fördelning` summerar till {}, inte 100\u{a0}%",
                percent(sum)
            ),
        }
    }

    pub(super) fn hint(self, sum: Decimal) -> String {
        match self {
            Totalled::Voucher => "debet och kredit i en verifikation ska ta ut varandra".to_owned(),
            Totalled::OpeningBalances => "oftast förra årets resultat som ännu inte bokförts; det visas som en egen rad under eget kapital".to_owned(),
            Totalled::Shares => format!(
                "kommunernas andelar av sin fjärdedel ska tillsammans bli 1 (100\u{a0}%); {} {}",
                if sum > Decimal::ONE {
                    "minska med"
                } else {
                    "öka med"
                },
                percent((Decimal::ONE - sum).abs())
            ),
        }
    }
}

/// A fraction as a percentage with the decimals it has: `0.305` as `30,5 %`.
pub fn percent(fraction: Decimal) -> String {
    let p = (fraction * Decimal::ONE_HUNDRED).normalize();
    money::format_percent(fraction, p.scale())
}

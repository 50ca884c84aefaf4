//! The SIE parser: any bytes decode, parse and become statements or located errors, never a
//! panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = arshjul::model::sie::decode(data);
    let (books, mut problems) = arshjul::model::sie::parse(&text, "b.se");
    for plan in ["bas", "kommun-bas"] {
        let plan = arshjul::model::sie::plan(plan).expect("plan");
        for rows in [true, false] {
            let request = arshjul::model::sie::Request {
                accounts_as_rows: rows,
                columns: Some(
                    [
                        "budget",
                        "utfall",
                        "föregående_år",
                        "budget_helår",
                        "prognos",
                    ]
                    .map(String::from)
                    .to_vec(),
                ),
                ..Default::default()
            };
            if let Some((income, balance)) =
                arshjul::model::sie::statements(&books, &plan, &request, "b.se", &mut problems)
            {
                let _ = (income.monthly_chart(), balance);
            }
        }
    }
});

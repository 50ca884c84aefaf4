//! YAML data loading: any text parses to a located tree or a located error, and every data-file
//! reader (budget, statements, tables) turns any tree into a model or diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(node) = arshjul::yaml::parse(text, "x.yaml", 0) else {
        return;
    };
    let (budget, _) = arshjul::model::budget::read(&node, "x.yaml");
    if let Some(b) = budget {
        let mut problems = Vec::new();
        let members = ["Västra Götalandsregionen".into(), "Mölndals stad".into()];
        let _ = arshjul::model::contributions::for_budgets(
            std::iter::once(("budget", &b)),
            &members,
            None,
            &mut problems,
        );
        arshjul::model::budget::check_rollups(&[&b], &mut problems);
    }
    for kind in [
        arshjul::model::statement::Kind::Income,
        arshjul::model::statement::Kind::Balance,
    ] {
        if let (Some(s), _) = arshjul::model::statement::read(
            &node,
            "x.yaml",
            kind,
            &arshjul::model::statement::Defaults::default(),
        ) {
            let _ = s.monthly_chart();
        }
    }
    let dir = std::path::Path::new("/nonexistent");
    let _ = arshjul::model::table::read(&node, "x.yaml", dir, dir);
});

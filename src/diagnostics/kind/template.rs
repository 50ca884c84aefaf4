//! A narrative's template that asks for what is not there ([`Kind::Template`](super::Kind::Template)):
//! a field, an index, a filter, a function, a tag, or a value that cannot be written out as it is.
//! The hints, which read the document's values, are added where the message is raised
//! (src/templates/messages.rs).

/// What the template asked for ([`Kind::Template`](super::Kind::Template)), in the sentence's own
/// words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Template {
    /// A value's field: ``fältet `{name}` finns inte i `{owner}` ``.
    Field {
        /// The field asked for.
        name: String,
        /// The value, as the template names it.
        owner: String,
    },
    /// A field tera itself found missing: ``mallfel: fältet `{name}` finns inte``.
    TeraField {
        /// The field asked for.
        name: String,
    },
    /// A document value that does not exist: ``mallfel: `{name}` finns inte i dokumentets
    /// data``.
    Variable {
        /// The name asked for.
        name: String,
    },
    /// A list's index: `` `{owner}` har {len} värden: [{index}] finns inte ``.
    Index {
        /// The list, as the template names it.
        owner: String,
        /// How many values it has.
        len: usize,
        /// The index asked for, as written.
        index: String,
    },
    /// ``mallfel: filtret `{name}` finns inte``.
    Filter {
        /// The filter asked for.
        name: String,
    },
    /// ``mallfel: funktionen `{name}` finns inte``.
    Function {
        /// The function asked for.
        name: String,
    },
    /// ``mallfel: `{% {name} %}` är ingen malltagg``.
    Tag {
        /// The tag's first word.
        name: String,
    },
    /// A list written out whole: `` `{owner}` är en lista med {len} värden och kan inte skrivas
    /// ut som den är ``.
    List {
        /// The list, as the template names it.
        owner: String,
        /// How many values it has.
        len: usize,
    },
    /// A table of fields written out whole: `` `{owner}` är en tabell av fält och kan inte
    /// skrivas ut som den är ``.
    Map {
        /// The value, as the template names it.
        owner: String,
    },
    /// The template ends inside a block or an expression: ``mallfel: `{% {name} %}` stängs
    /// aldrig`` (the block that stays open), or `mallfel: mallen tar slut mitt i ett uttryck`.
    Unclosed {
        /// The open block's tag, when one is open.
        name: Option<String>,
    },
}

impl Template {
    /// What the template asked for, as `vad` says it.
    pub fn noun(&self) -> &'static str {
        match self {
            Template::Field { .. } | Template::TeraField { .. } => "fält",
            Template::Variable { .. } => "värde",
            Template::Index { .. } => "index",
            Template::Filter { .. } => "filter",
            Template::Function { .. } => "funktion",
            Template::Tag { .. } => "tagg",
            Template::List { .. } => "lista",
            Template::Map { .. } => "tabell",
            Template::Unclosed { .. } => "ostängd",
        }
    }

    /// The name asked for (a field, filter, function, tag or index), if the sentence has one.
    pub fn name(&self) -> Option<&str> {
        match self {
            Template::Field { name, .. }
            | Template::TeraField { name }
            | Template::Variable { name }
            | Template::Filter { name }
            | Template::Function { name }
            | Template::Tag { name } => Some(name),
            Template::Index { index, .. } => Some(index),
            Template::Unclosed { name } => name.as_deref(),
            Template::List { .. } | Template::Map { .. } => None,
        }
    }

    /// The value it was asked of, as the template names it, if the sentence has one.
    pub fn owner(&self) -> Option<&str> {
        match self {
            Template::Field { owner, .. }
            | Template::Index { owner, .. }
            | Template::List { owner, .. }
            | Template::Map { owner } => Some(owner),
            _ => None,
        }
    }

    pub(super) fn message(&self) -> String {
        match self {
            Template::Field { name, owner } => format!("fältet `{name}` finns inte i `{owner}`"),
            Template::TeraField { name } => format!("mallfel: fältet `{name}` finns inte"),
            Template::Variable { name } => {
                format!("mallfel: `{name}` finns inte i dokumentets data")
            }
            Template::Index { owner, len, index } => {
                format!("`{owner}` har {len} värden: [{index}] finns inte")
            }
            Template::Filter { name } => format!("mallfel: filtret `{name}` finns inte"),
            Template::Function { name } => format!("mallfel: funktionen `{name}` finns inte"),
            Template::Tag { name } => format!("mallfel: `{{% {name} %}}` är ingen malltagg"),
            Template::List { owner, len } => {
                format!("`{owner}` är en lista med {len} värden och kan inte skrivas ut som den är")
            }
            Template::Map { owner } => {
                format!("`{owner}` är en tabell av fält och kan inte skrivas ut som den är")
            }
            Template::Unclosed { name: Some(name) } => {
                format!("mallfel: `{{% {name} %}}` stängs aldrig")
            }
            Template::Unclosed { name: None } => {
                "mallfel: mallen tar slut mitt i ett uttryck".to_owned()
            }
        }
    }
}

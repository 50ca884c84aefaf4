//! Reading a PDF back with lopdf: its creator, the files attached to it, and each page's
//! content.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object};

/// A file attached to a PDF, read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// Its name: the project path it was read from, or
    /// [`FIGURES`](crate::render::attach::FIGURES).
    pub name: String,
    /// Its bytes.
    pub data: Vec<u8>,
}

/// What `verifiera` needs of a PDF: who made it, what it carries, and each page's content.
#[derive(Debug)]
pub struct ReadPdf {
    /// The creator in the document information (`arshjul 0.1.0`).
    pub creator: Option<String>,
    /// The attached files, by name.
    pub attachments: BTreeMap<String, Vec<u8>>,
    /// Each page's content streams, decompressed and joined.
    pub pages: Vec<Vec<u8>>,
}

impl ReadPdf {
    /// Reads a PDF; an error when it is no PDF lopdf can read.
    pub fn read(bytes: &[u8]) -> Result<ReadPdf, String> {
        let pdf = lopdf::Document::load_mem(bytes)
            .map_err(|e| format!("filen är ingen läsbar PDF ({e})"))?;
        let creator = pdf
            .trailer
            .get_deref(b"Info", &pdf)
            .and_then(Object::as_dict)
            .and_then(|info| info.get_deref(b"Creator", &pdf))
            .ok()
            .and_then(|o| o.as_str().ok())
            .map(text_string);
        let mut attachments = BTreeMap::new();
        if let Ok(tree) = pdf
            .catalog()
            .and_then(|c| c.get_deref(b"Names", &pdf))
            .and_then(Object::as_dict)
            .and_then(|names| names.get_deref(b"EmbeddedFiles", &pdf))
            .and_then(Object::as_dict)
        {
            embedded_files(&pdf, tree, &mut attachments, 0);
        }
        let pages = pdf
            .get_pages()
            .values()
            .map(|&page| pdf.get_page_content(page).unwrap_or_default())
            .collect();
        Ok(ReadPdf {
            creator,
            attachments,
            pages,
        })
    }
}

/// The files of an `EmbeddedFiles` name tree (its `Names` pairs and its `Kids`), into `out`.
fn embedded_files(
    pdf: &lopdf::Document,
    node: &Dictionary,
    out: &mut BTreeMap<String, Vec<u8>>,
    depth: usize,
) {
    // A name tree is shallow; a deeper one is a loop in a broken file.
    if depth > 32 {
        return;
    }
    if let Ok(names) = node.get_deref(b"Names", pdf).and_then(Object::as_array) {
        for pair in names.chunks(2) {
            let [key, spec] = pair else { continue };
            let Ok((_, spec)) = pdf.dereference(spec) else {
                continue;
            };
            let Ok(spec) = spec.as_dict() else { continue };
            let name = [b"UF".as_slice(), b"F"]
                .iter()
                .find_map(|k| spec.get_deref(k, pdf).and_then(Object::as_str).ok())
                .or_else(|| key.as_str().ok())
                .map(text_string);
            let data = spec
                .get_deref(b"EF", pdf)
                .and_then(Object::as_dict)
                .and_then(|ef| ef.get_deref(b"F", pdf))
                .and_then(Object::as_stream)
                .and_then(|s| s.decompressed_content().or_else(|_| Ok(s.content.clone())));
            if let (Some(name), Ok(data)) = (name, data) {
                out.insert(name, data);
            }
        }
    }
    if let Ok(kids) = node.get_deref(b"Kids", pdf).and_then(Object::as_array) {
        for kid in kids {
            if let Ok((_, Object::Dictionary(kid))) = pdf.dereference(kid) {
                embedded_files(pdf, kid, out, depth + 1);
            }
        }
    }
}

/// A PDF text string: UTF-16BE after its byte-order mark, or (for the ASCII names arshjul
/// writes otherwise) PDFDocEncoding read as Latin-1.
fn text_string(bytes: &[u8]) -> String {
    match bytes {
        [0xfe, 0xff, rest @ ..] => {
            let units: Vec<u16> = rest
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        _ => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::verify::compare::tests::BEFORE;
    use crate::render::attach::FIGURES;

    #[test]
    fn text_strings_decode_both_encodings() {
        assert_eq!(text_string(b"content/a.md"), "content/a.md");
        let utf16: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain("bokföring.se".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(text_string(&utf16), "bokföring.se");
    }

    /// No place in the generated source maps back to a file.
    struct Unmapped;

    impl crate::typeset::SourceMap for Unmapped {
        fn locate(&self, _: usize) -> Option<(String, crate::diagnostics::Position)> {
            None
        }
    }

    #[test]
    fn the_attachments_come_back_out_of_the_pdf_as_they_went_in() {
        use crate::typeset::{DocumentWorld, Engine, Export, typeset};
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let sie = b"#FLAGGA 0\r\n#FNAMN \"Sj\x94bygden\"\r\n".to_vec();
        std::fs::create_dir_all(root.join("content/a")).unwrap();
        std::fs::write(root.join("content/a/bokföring.se"), &sie).unwrap();
        let (engine, _) = Engine::new(&root);
        let source = format!(
            "#set document(title: \"Prov\")\n#set text(lang: \"sv\", font: \"Carlito\")\nHej\n{}",
            crate::render::attach::markup(&["content/a/bokföring.se".into()], Some(BEFORE))
        );
        let world = DocumentWorld::new(&engine, &root, "/main.typ", source, None).unwrap();
        let date = crate::money::Date {
            year: 2020,
            month: 2,
            day: 20,
        };
        let export = Export {
            ident: "a",
            date,
            archival: true,
            sources: true,
            preview: false,
            on_pages: None,
        };
        let (pdf, _, found) = typeset(&world, "main.typ", &Unmapped, &root, &export);
        let pdf = pdf.unwrap_or_else(|| panic!("{found:?}"));
        let read = ReadPdf::read(&pdf).unwrap();
        assert_eq!(read.creator.as_deref(), Some(crate::typeset::CREATOR));
        assert_eq!(
            read.attachments.keys().collect::<Vec<_>>(),
            ["content/a/bokföring.se", FIGURES]
        );
        assert_eq!(read.attachments["content/a/bokföring.se"], sie);
        assert_eq!(read.attachments[FIGURES], BEFORE.as_bytes());
        assert_eq!(read.pages.len(), 1);
    }
}

//! `arshjul watch --serve`: a live preview on 127.0.0.1, without external assets.
//!
//! The page lists the documents and shows the chosen one's pages as SVG (rendered in-process
//! by typst). It asks a small status endpoint, which answers as soon as the document was built
//! again (a long poll), and fetches only the pages whose content changed: each page carries the
//! version of the build that last changed it. A broken save shows its errors (file:line) above
//! the last good pages. Only 127.0.0.1 is bound.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::pipeline::Outcome;

/// How long a status request waits for a new build before it answers anyway.
const LONG_POLL: Duration = Duration::from_secs(20);

#[derive(Default)]
struct DocumentState {
    /// The last good pages, as SVG.
    pages: Vec<Arc<String>>,
    /// For each page, the version of the build that last changed it.
    page_versions: Vec<u64>,
    /// The errors of the last build (empty when it succeeded).
    errors: Vec<String>,
    /// Raised on every build.
    version: u64,
    /// The version of the pages shown.
    good: u64,
}

impl DocumentState {
    /// New pages: a page keeps its version if its content is the one shown, so that the page
    /// in the browser fetches only the others.
    fn set_pages(&mut self, pages: &[Arc<String>]) {
        if pages.is_empty() {
            return;
        }
        let version = self.version;
        self.page_versions = pages
            .iter()
            .enumerate()
            .map(
                |(i, page)| match (self.pages.get(i), self.page_versions.get(i)) {
                    (Some(old), Some(v)) if Arc::ptr_eq(old, page) || old == page => *v,
                    _ => version,
                },
            )
            .collect();
        self.pages = pages.to_vec();
        self.good = version;
    }
}

/// The preview's state, shared between the watch loop and the server thread; the condition
/// wakes the status requests waiting for a build.
#[derive(Clone, Default)]
pub struct Preview {
    state: Arc<Mutex<BTreeMap<String, DocumentState>>>,
    built: Arc<Condvar>,
}

impl Preview {
    /// Starts serving on 127.0.0.1:`port` (0: any free port); returns the port.
    pub fn start(&self, port: u16) -> Result<u16, String> {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .map_err(|e| format!("kan inte öppna 127.0.0.1:{port}: {e}"))?;
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(port);
        let preview = self.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let preview = preview.clone();
                std::thread::spawn(move || preview.serve(stream));
            }
        });
        Ok(port)
    }

    /// Records a build's outcome: new pages when it succeeded, its errors otherwise.
    pub fn update(&self, outcome: &Outcome, root: &Path) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        let entry = state.entry(outcome.document.display_name()).or_default();
        entry.version += 1;
        self.built.notify_all();
        if outcome.failed() {
            entry.errors = outcome
                .diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.render(root))
                .collect();
        } else {
            entry.errors.clear();
            entry.set_pages(&outcome.pages);
        }
    }

    /// Shows a document's new pages at once, before its PDF is written.
    pub fn pages(&self, name: &str, pages: &[Arc<String>]) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        let entry = state.entry(name.to_owned()).or_default();
        entry.version += 1;
        entry.errors.clear();
        entry.set_pages(pages);
        self.built.notify_all();
    }

    /// Forgets a document that was removed: it leaves the list, and a page showing it is told.
    pub fn remove(&self, name: &str) {
        if let Ok(mut state) = self.state.lock() {
            state.remove(name);
        }
        self.built.notify_all();
    }

    fn serve(&self, stream: TcpStream) {
        let mut reader = BufReader::new(&stream);
        let mut request = String::new();
        if reader.read_line(&mut request).is_err() {
            return;
        }
        // Skip the headers.
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
            line.clear();
        }
        let target = request.split_whitespace().nth(1).unwrap_or("/").to_owned();
        let (path, query) = target.split_once('?').unwrap_or((&target, ""));
        let doc = query
            .split('&')
            .find_map(|p| p.strip_prefix("doc="))
            .map(url_decode)
            .filter(|d| !d.is_empty())
            .or_else(|| self.first_document())
            .unwrap_or_default();
        // `efter=N`: the page has seen version N; answer when there is a newer one.
        let seen = query
            .split('&')
            .find_map(|p| p.strip_prefix("efter="))
            .and_then(|v| v.parse::<u64>().ok());
        let (status, kind, body) = match path {
            "/" => ("200 OK", "text/html; charset=utf-8", self.page(&doc)),
            "/status" => ("200 OK", "application/json", self.status(&doc, seen)),
            p if p.starts_with("/svg/") => {
                match p[5..].parse::<usize>().ok().and_then(|n| self.svg(&doc, n)) {
                    Some(svg) => ("200 OK", "image/svg+xml", svg.as_str().to_owned()),
                    None => (
                        "404 Not Found",
                        "text/plain; charset=utf-8",
                        "sidan finns inte".into(),
                    ),
                }
            }
            _ => (
                "404 Not Found",
                "text/plain; charset=utf-8",
                "finns inte".into(),
            ),
        };
        let mut stream = stream;
        let _ = write!(
            stream,
            "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
            body.len()
        );
        let _ = stream.write_all(body.as_bytes());
    }

    /// The document the front page opens on when none is chosen: the first by name.
    fn first_document(&self) -> Option<String> {
        self.state.lock().ok()?.keys().next().cloned()
    }

    fn svg(&self, doc: &str, page: usize) -> Option<Arc<String>> {
        let state = self.state.lock().ok()?;
        state.get(doc)?.pages.get(page).cloned()
    }

    /// The document's state as JSON; with `seen`, waits (up to [`LONG_POLL`]) until the
    /// document was built after that version, or removed.
    fn status(&self, doc: &str, seen: Option<u64>) -> String {
        let Ok(mut state) = self.state.lock() else {
            return "{}".into();
        };
        if let Some(seen) = seen {
            let start = Instant::now();
            while state.get(doc).is_some_and(|d| d.version <= seen) {
                let Some(left) = LONG_POLL.checked_sub(start.elapsed()) else {
                    break;
                };
                state = match self.built.wait_timeout(state, left) {
                    Ok((s, _)) => s,
                    Err(_) => return "{}".into(),
                };
            }
        }
        let documents: Vec<String> = state.keys().map(|k| json_string(k)).collect();
        match state.get(doc) {
            Some(d) => format!(
                "{{\"version\":{},\"good\":{},\"pages\":{},\"sidor\":[{}],\"errors\":[{}],\"documents\":[{}]}}",
                d.version,
                d.good,
                d.pages.len(),
                d.page_versions
                    .iter()
                    .map(u64::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
                d.errors
                    .iter()
                    .map(|e| json_string(e))
                    .collect::<Vec<_>>()
                    .join(","),
                documents.join(",")
            ),
            None => format!(
                "{{\"version\":0,\"good\":0,\"pages\":0,\"sidor\":[],\"errors\":[],\"documents\":[{}]}}",
                documents.join(",")
            ),
        }
    }

    fn page(&self, doc: &str) -> String {
        let names: Vec<String> = self
            .state
            .lock()
            .map(|s| s.keys().cloned().collect())
            .unwrap_or_default();
        let list: String = names
            .iter()
            .map(|n| {
                let current = if n == doc { " class=\"vald\"" } else { "" };
                format!(
                    "<li><a{current} href=\"/?doc={}\">{}</a></li>",
                    url_encode(n),
                    html_escape(n)
                )
            })
            .collect();
        PAGE.replace("{{LISTA}}", &list)
            .replace("{{DOK}}", &json_string(doc))
    }
}

const PAGE: &str = r#"<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>arshjul – förhandsvisning</title>
<style>
body{margin:0;font-family:Carlito,Calibri,sans-serif;background:#e8e8e8;display:flex}
nav{width:16rem;background:#1f4e79;color:#fff;min-height:100vh;padding:1rem;box-sizing:border-box}
nav a{color:#fff;text-decoration:none}nav a.vald{font-weight:bold;text-decoration:underline}
nav ul{list-style:none;padding:0}nav li{margin:.4rem 0}
main{flex:1;padding:1rem}
#fel{white-space:pre-wrap;background:#fff3f0;border-left:4px solid #c0392b;padding:.6rem 1rem;font-family:monospace;font-size:.85rem;display:none;margin-bottom:1rem}
#sidor img{display:block;background:#fff;margin:0 auto 1rem;box-shadow:0 1px 4px #999;max-width:100%}
</style></head>
<body><nav><strong>arshjul</strong><ul>{{LISTA}}</ul></nav>
<main><div id="fel"></div><div id="sidor"></div></main>
<script>
const dok = {{DOK}};
let version = -1;
async function titta() {
  let paus = 0;
  try {
    if (dok) {
      const efter = version < 0 ? '' : '&efter=' + version;
      const svar = await fetch('/status?doc=' + encodeURIComponent(dok) + efter, {cache: 'no-store'});
      const s = await svar.json();
      if (s.version !== version) { version = s.version; visa(s); }
      if (s.version === 0) paus = 500;
    } else {
      paus = 1000;
    }
  } catch (e) { paus = 500; }
  setTimeout(titta, paus);
}
function visa(s) {
  const fel = document.getElementById('fel');
  fel.textContent = s.errors.join('\n');
  fel.style.display = s.errors.length ? 'block' : 'none';
  const sidor = document.getElementById('sidor');
  while (sidor.children.length > s.pages) sidor.lastChild.remove();
  for (let i = 0; i < s.pages; i++) {
    let bild = sidor.children[i];
    if (!bild) {
      bild = document.createElement('img');
      bild.alt = 'sida ' + (i + 1);
      sidor.appendChild(bild);
    }
    // Only a page whose content changed is fetched again.
    const v = String(s.sidor[i] ?? s.good);
    if (bild.dataset.v !== v) {
      bild.dataset.v = v;
      bild.src = '/svg/' + i + '?doc=' + encodeURIComponent(dok) + '&v=' + v;
    }
  }
  document.body.dataset.version = s.version;
}
titta();
</script></body></html>
"#;

fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '<' => out.push_str("\\u003c"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'/' => {
                (b as char).to_string()
            }
            b => format!("%{b:02X}"),
        })
        .collect()
}

fn url_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(b) = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(if bytes[i] == b'+' { b' ' } else { bytes[i] });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_json() {
        assert_eq!(
            url_decode(&url_encode("insjöriket/plan 1")),
            "insjöriket/plan 1"
        );
        assert_eq!(json_string("a\"b\n<c"), "\"a\\\"b\\n\\u003cc\"");
        assert_eq!(html_escape("<a&b>"), "&lt;a&amp;b&gt;");
    }

    fn outcome(name: &str, pages: Vec<Arc<String>>) -> Outcome {
        Outcome {
            document: crate::project::DocumentRef {
                name: name.into(),
                dir: name.into(),
            },
            diagnostics: Vec::new(),
            written: None,
            written_html: None,
            bytes: None,
            elapsed: Duration::ZERO,
            stages: Vec::new(),
            pages,
            reads: Default::default(),
        }
    }

    #[test]
    fn only_changed_pages_get_a_new_version() {
        let preview = Preview::default();
        let page = |t: &str| Arc::new(t.to_owned());
        let (a, b, c) = (
            page("<svg>a</svg>"),
            page("<svg>b</svg>"),
            page("<svg>c</svg>"),
        );
        preview.update(&outcome("d", vec![a.clone(), b.clone()]), Path::new("/"));
        preview.update(&outcome("d", vec![a.clone(), c.clone(), b]), Path::new("/"));
        let status = preview.status("d", None);
        assert!(status.contains("\"sidor\":[1,2,2]"), "{status}");
        preview.update(&outcome("d", vec![a.clone(), c]), Path::new("/"));
        assert!(preview.status("d", None).contains("\"sidor\":[1,2]"));
        // Pages shown before the PDF is written keep their versions when the outcome follows.
        let d = page("<svg>d</svg>");
        preview.pages("d", &[a.clone(), d.clone()]);
        preview.update(&outcome("d", vec![a, d]), Path::new("/"));
        let status = preview.status("d", None);
        assert!(
            status.contains("\"version\":5,\"good\":5,\"pages\":2,\"sidor\":[1,4]"),
            "{status}"
        );
        preview.remove("d");
        assert!(preview.status("d", None).contains("\"version\":0"));
    }

    #[test]
    fn serves_status_and_pages_over_http() {
        let preview = Preview::default();
        preview.state.lock().unwrap().insert(
            "a/plan".into(),
            DocumentState {
                pages: vec![Arc::new("<svg/>".into())],
                page_versions: vec![2],
                errors: vec![],
                version: 2,
                good: 2,
            },
        );
        let port = preview.start(0).unwrap();
        let get = move |path: &str| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
            let mut body = String::new();
            std::io::Read::read_to_string(&mut s, &mut body).unwrap();
            body
        };
        let status = get("/status?doc=a%2Fplan");
        assert!(
            status.contains("\"version\":2,\"good\":2,\"pages\":1,\"sidor\":[2]"),
            "{status}"
        );
        // A status request that has seen version 2 waits for the next build.
        let waiting =
            std::thread::spawn(move || (get("/status?doc=a/plan&efter=2"), Instant::now()));
        std::thread::sleep(Duration::from_millis(300));
        let built = Instant::now();
        preview.update(
            &outcome("a/plan", vec![Arc::new("<svg/>".into())]),
            Path::new("/"),
        );
        let (status, answered) = waiting.join().unwrap();
        assert!(answered >= built, "answered before the build");
        assert!(status.contains("\"version\":3"), "{status}");
        assert!(get("/svg/0?doc=a/plan").ends_with("<svg/>"));
        assert!(get("/svg/5?doc=a/plan").starts_with("HTTP/1.1 404"));
        assert!(get("/?doc=a/plan").contains("class=\"vald\" href=\"/?doc=a/plan\""));
        // Without a choice the front page opens on the first document, pages and all.
        let front = get("/");
        assert!(
            front.contains("class=\"vald\" href=\"/?doc=a/plan\""),
            "{front}"
        );
        assert!(front.contains("const dok = \"a/plan\";"), "{front}");
        assert!(get("/status").contains("\"pages\":1"));
    }
}

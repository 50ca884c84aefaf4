//! `arshjul watch --serve`: a live preview on 127.0.0.1, without external assets.
//!
//! The page lists the documents, each with links to its PDF and web edition, and shows the
//! chosen one's pages as SVG (rendered in-process by typst). It asks a small status endpoint,
//! which answers as soon as the document was built again (a long poll), and fetches only the
//! pages whose content changed: each page carries the version of the build that last changed
//! it. A broken save shows its errors (file:line) above the last good pages.
//!
//! hyper serves it, on a thread of its own with a single-threaded tokio runtime, so that no
//! request can make the watch spawn anything: at most [`MAX_CONNECTIONS`] connections are open
//! (a new one closes the oldest), a request's head is at most [`MAX_HEAD`] bytes and must
//! arrive within [`HEAD_TIMEOUT`], only GET and HEAD are answered (405 otherwise), and only for
//! the Host `127.0.0.1:PORT` or `localhost:PORT` (403 otherwise: a page elsewhere cannot reach
//! the preview by DNS rebinding). Only 127.0.0.1 is bound.

use std::collections::{BTreeMap, VecDeque};
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use tokio::sync::watch;

use crate::pipeline::Outcome;
use crate::project::percent_encode;

/// How long a status request waits for a new build before it answers anyway.
const LONG_POLL: Duration = Duration::from_secs(20);
/// The most connections open at once; a new one beyond them closes the oldest.
pub const MAX_CONNECTIONS: usize = 64;
/// The most bytes a request's line and headers may take.
pub const MAX_HEAD: usize = 16 * 1024;
/// How long a connection may take to send a request's head, or stay idle between requests.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a connection told to close may take to finish the answer it is writing.
const CLOSING: Duration = Duration::from_secs(2);

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
    /// The PDF and the web edition last written.
    pdf: Option<PathBuf>,
    html: Option<PathBuf>,
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

/// The preview's state, shared between the watch loop and the server thread; `built` counts
/// the builds, and wakes the status requests waiting for one.
#[derive(Clone)]
pub struct Preview {
    state: Arc<Mutex<BTreeMap<String, DocumentState>>>,
    built: Arc<watch::Sender<u64>>,
}

impl Default for Preview {
    fn default() -> Preview {
        Preview {
            state: Arc::default(),
            built: Arc::new(watch::channel(0).0),
        }
    }
}

/// The connections open, oldest first, each with the sender that tells it to close.
type Open = Arc<Mutex<VecDeque<(u64, watch::Sender<bool>)>>>;

/// An answer to a request.
type Answer = Response<Full<Bytes>>;

impl Preview {
    /// Starts serving on 127.0.0.1:`port` (0: any free port); returns the port.
    pub fn start(&self, port: u16) -> Result<u16, String> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map_err(|e| format!("kan inte starta förhandsvisningen: {e}"))?;
        let listener = {
            let _inside = runtime.enter();
            listen(port).map_err(|e| format!("kan inte öppna 127.0.0.1:{port}: {e}"))?
        };
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(port);
        let preview = self.clone();
        std::thread::Builder::new()
            .name("förhandsvisning".into())
            .spawn(move || runtime.block_on(preview.serve(listener, port)))
            .map_err(|e| format!("kan inte starta förhandsvisningen: {e}"))?;
        Ok(port)
    }

    /// Accepts connections until the process ends: a failed accept (no file descriptors left)
    /// waits a moment and goes on.
    async fn serve(self, listener: tokio::net::TcpListener, port: u16) {
        let open: Open = Arc::default();
        let mut next = 0u64;
        loop {
            let stream = match listener.accept().await {
                Ok((stream, _)) => stream,
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            };
            let (close, closing) = watch::channel(false);
            if let Ok(mut open) = open.lock() {
                while open.len() >= MAX_CONNECTIONS {
                    if let Some((_, oldest)) = open.pop_front() {
                        let _ = oldest.send(true);
                    }
                }
                open.push_back((next, close));
            }
            tokio::spawn(
                self.clone()
                    .connection(stream, port, closing, open.clone(), next),
            );
            next += 1;
            // The new connection reads its request before the next one is accepted, so that a
            // flood of idle connections closes each other, not one that asks for something.
            tokio::task::yield_now().await;
        }
    }

    /// Serves one connection until it closes, times out, or is told to close.
    async fn connection(
        self,
        stream: tokio::net::TcpStream,
        port: u16,
        mut closing: watch::Receiver<bool>,
        open: Open,
        id: u64,
    ) {
        let _ = stream.set_nodelay(true);
        // A second handle on the socket, to close it gently after a refused request.
        let (stream, spare) = match spare_handle(stream) {
            Some(pair) => pair,
            None => return,
        };
        let service = {
            let closing = closing.clone();
            hyper::service::service_fn(move |request: Request<Incoming>| {
                let preview = self.clone();
                let closing = closing.clone();
                async move { Ok::<_, Infallible>(preview.answer(&request, port, closing).await) }
            })
        };
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(hyper_util::rt::TokioTimer::new())
            .header_read_timeout(HEAD_TIMEOUT)
            .max_buf_size(MAX_HEAD)
            .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
        tokio::pin!(connection);
        let failed = tokio::select! {
            result = connection.as_mut() => result.is_err(),
            () = told_to_close(&mut closing) => {
                connection.as_mut().graceful_shutdown();
                let _ = tokio::time::timeout(CLOSING, connection).await;
                false
            }
        };
        if let Ok(mut open) = open.lock() {
            open.retain(|(other, _)| *other != id);
        }
        if failed {
            linger(spare).await;
        }
    }

    /// The answer to one request.
    async fn answer(
        &self,
        request: &Request<Incoming>,
        port: u16,
        closing: watch::Receiver<bool>,
    ) -> Answer {
        if request.method() != Method::GET && request.method() != Method::HEAD {
            let mut answer = plain(
                StatusCode::METHOD_NOT_ALLOWED,
                "förhandsvisningen svarar bara på GET och HEAD",
            );
            answer
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            return answer;
        }
        if !ours(request, port) {
            return plain(
                StatusCode::FORBIDDEN,
                "förhandsvisningen svarar bara på adressen 127.0.0.1 eller localhost",
            );
        }
        let query = request.uri().query().unwrap_or("");
        let field = |name: &str| {
            query
                .split('&')
                .find_map(|p| p.strip_prefix(name)?.strip_prefix('='))
                .map(url_decode)
        };
        let doc = field("doc")
            .filter(|d| !d.is_empty())
            .or_else(|| self.first_document())
            .unwrap_or_default();
        // `efter=N`: the page has seen version N; answer when there is a newer one.
        let seen = field("efter").and_then(|v| v.parse::<u64>().ok());
        match request.uri().path() {
            "/" => page_answer(self.page(&doc)),
            "/status" => answer(
                StatusCode::OK,
                "application/json",
                self.status(&doc, seen, closing).await.into_bytes(),
            ),
            "/pdf" => self.file(&doc, |d| d.pdf.clone(), "application/pdf"),
            "/webb" => self.file(&doc, |d| d.html.clone(), "text/html; charset=utf-8"),
            path => match path
                .strip_prefix("/svg/")
                .and_then(|n| n.parse::<usize>().ok())
                .and_then(|n| self.svg(&doc, n))
            {
                Some(svg) => answer(StatusCode::OK, "image/svg+xml", svg.as_bytes().to_vec()),
                None if path.starts_with("/svg/") => {
                    plain(StatusCode::NOT_FOUND, "sidan finns inte")
                }
                None => plain(StatusCode::NOT_FOUND, "finns inte"),
            },
        }
    }

    /// Records a build's outcome: new pages when it succeeded, its errors otherwise.
    pub fn update(&self, outcome: &Outcome, root: &Path) {
        if let Ok(mut state) = self.state.lock() {
            let entry = state.entry(outcome.document.display_name()).or_default();
            entry.version += 1;
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
                entry.pdf = outcome.written.as_ref().map(|p| root.join(p));
                entry.html = outcome.written_html.as_ref().map(|p| root.join(p));
            }
        }
        self.built.send_modify(|n| *n += 1);
    }

    /// Shows a document's new pages at once, before its PDF is written.
    pub fn pages(&self, name: &str, pages: &[Arc<String>]) {
        if let Ok(mut state) = self.state.lock() {
            let entry = state.entry(name.to_owned()).or_default();
            entry.version += 1;
            entry.errors.clear();
            entry.set_pages(pages);
        }
        self.built.send_modify(|n| *n += 1);
    }

    /// Forgets a document that was removed: it leaves the list, and a page showing it is told.
    pub fn remove(&self, name: &str) {
        if let Ok(mut state) = self.state.lock() {
            state.remove(name);
        }
        self.built.send_modify(|n| *n += 1);
    }

    /// The document the front page opens on when none is chosen: the first by name.
    fn first_document(&self) -> Option<String> {
        self.state.lock().ok()?.keys().next().cloned()
    }

    fn svg(&self, doc: &str, page: usize) -> Option<Arc<String>> {
        let state = self.state.lock().ok()?;
        state.get(doc)?.pages.get(page).cloned()
    }

    /// The document's PDF or web edition, as last written; 404 before the first.
    fn file(
        &self,
        doc: &str,
        which: impl Fn(&DocumentState) -> Option<PathBuf>,
        kind: &'static str,
    ) -> Answer {
        let path = self
            .state
            .lock()
            .ok()
            .and_then(|s| s.get(doc).and_then(&which));
        match path.and_then(|p| std::fs::read(p).ok()) {
            Some(bytes) => {
                let mut answer = answer(StatusCode::OK, kind, bytes);
                // The web edition runs no script, and here not even its own.
                answer.headers_mut().insert(
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(
                        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox",
                    ),
                );
                answer
            }
            None => plain(StatusCode::NOT_FOUND, "filen är inte byggd"),
        }
    }

    /// The document's state as JSON; with `seen`, waits (up to [`LONG_POLL`]) until the
    /// document was built after that version, or removed, or the connection is to close.
    async fn status(
        &self,
        doc: &str,
        seen: Option<u64>,
        mut closing: watch::Receiver<bool>,
    ) -> String {
        if let Some(seen) = seen {
            // Subscribed before looking, so that a build in between is not missed.
            let mut built = self.built.subscribe();
            let deadline = tokio::time::Instant::now() + LONG_POLL;
            while self.version(doc).is_some_and(|v| v <= seen) {
                tokio::select! {
                    changed = built.changed() => if changed.is_err() { break },
                    () = tokio::time::sleep_until(deadline) => break,
                    () = told_to_close(&mut closing) => break,
                }
            }
        }
        self.status_now(doc)
    }

    fn version(&self, doc: &str) -> Option<u64> {
        self.state.lock().ok()?.get(doc).map(|d| d.version)
    }

    /// The document's state as JSON.
    fn status_now(&self, doc: &str) -> String {
        let Ok(state) = self.state.lock() else {
            return "{}".into();
        };
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
        let list: String = self
            .state
            .lock()
            .map(|state| {
                state
                    .iter()
                    .map(|(n, d)| {
                        let current = if n == doc { " class=\"vald\"" } else { "" };
                        let name = percent_encode(n);
                        let mut item = format!(
                            "<li><a{current} href=\"/?doc={name}\">{}</a>",
                            html_escape(n)
                        );
                        if d.pdf.is_some() {
                            item.push_str(&format!(
                                " <a class=\"fil\" href=\"/pdf?doc={name}\">PDF</a>"
                            ));
                        }
                        if d.html.is_some() {
                            item.push_str(&format!(
                                " <a class=\"fil\" href=\"/webb?doc={name}\">webb</a>"
                            ));
                        }
                        item + "</li>"
                    })
                    .collect()
            })
            .unwrap_or_default();
        PAGE.replace("{{LISTA}}", &list)
            .replace("{{DOK}}", &json_string(doc))
    }
}

/// A listener on 127.0.0.1:`port` with room for many connections waiting to be accepted (a
/// flood of them does not leave a browser's in the kernel's queue).
fn listen(port: u16) -> std::io::Result<tokio::net::TcpListener> {
    let socket = tokio::net::TcpSocket::new_v4()?;
    socket.set_reuseaddr(true)?;
    socket.bind(std::net::SocketAddr::from(([127, 0, 0, 1], port)))?;
    socket.listen(1024)
}

/// Whether the request was meant for this preview: its Host (and an absolute target's
/// authority) is `127.0.0.1:PORT` or `localhost:PORT`.
fn ours(request: &Request<Incoming>, port: u16) -> bool {
    let fits = |host: &str| {
        let host = host.to_ascii_lowercase();
        host == format!("127.0.0.1:{port}") || host == format!("localhost:{port}")
    };
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    host.is_some_and(fits)
        && request
            .uri()
            .authority()
            .is_none_or(|authority| fits(authority.as_str()))
}

/// Waits until the connection is told to close (or can no longer be told).
async fn told_to_close(closing: &mut watch::Receiver<bool>) {
    let _ = closing.wait_for(|close| *close).await;
}

/// A second handle on `stream`'s socket, so that the socket outlives hyper's hold on it.
fn spare_handle(
    stream: tokio::net::TcpStream,
) -> Option<(tokio::net::TcpStream, std::net::TcpStream)> {
    let stream = stream.into_std().ok()?;
    let spare = stream.try_clone().ok()?;
    Some((tokio::net::TcpStream::from_std(stream).ok()?, spare))
}

/// After a refused request (a head too large, a timeout): says the answer is complete and
/// reads what the client still sends, a while and up to a limit, into a small buffer, so that
/// closing does not reset the connection before the client has read the answer.
async fn linger(spare: std::net::TcpStream) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let Ok(mut socket) = tokio::net::TcpStream::from_std(spare) else {
        return;
    };
    let _ = socket.shutdown().await;
    let mut buffer = [0u8; 16 * 1024];
    let mut left: usize = 64 * 1024 * 1024;
    let _ = tokio::time::timeout(CLOSING, async {
        while left > 0 {
            match socket.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => left = left.saturating_sub(n),
            }
        }
    })
    .await;
}

fn answer(status: StatusCode, kind: &'static str, body: Vec<u8>) -> Answer {
    let mut answer = Response::new(Full::new(Bytes::from(body)));
    *answer.status_mut() = status;
    let headers = answer.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    answer
}

fn plain(status: StatusCode, text: &str) -> Answer {
    answer(
        status,
        "text/plain; charset=utf-8",
        text.as_bytes().to_vec(),
    )
}

/// The preview page, which runs its own script and loads only from the preview.
fn page_answer(page: String) -> Answer {
    let mut answer = answer(
        StatusCode::OK,
        "text/html; charset=utf-8",
        page.into_bytes(),
    );
    answer.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self'; connect-src 'self'; frame-ancestors 'none'",
        ),
    );
    answer
}

const PAGE: &str = r#"<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>arshjul – förhandsvisning</title>
<style>
body{margin:0;font-family:Carlito,Calibri,sans-serif;background:#e8e8e8;display:flex}
nav{width:16rem;background:#1f4e79;color:#fff;min-height:100vh;padding:1rem;box-sizing:border-box}
nav a{color:#fff;text-decoration:none}nav a.vald{font-weight:bold;text-decoration:underline}
nav a.fil{font-size:.8rem;opacity:.85;margin-left:.4rem;text-decoration:underline}
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
            url_decode(&percent_encode("insjöriket/plan 1")),
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
        let status = preview.status_now("d");
        assert!(status.contains("\"sidor\":[1,2,2]"), "{status}");
        preview.update(&outcome("d", vec![a.clone(), c]), Path::new("/"));
        assert!(preview.status_now("d").contains("\"sidor\":[1,2]"));
        // Pages shown before the PDF is written keep their versions when the outcome follows.
        let d = page("<svg>d</svg>");
        preview.pages("d", &[a.clone(), d.clone()]);
        preview.update(&outcome("d", vec![a, d]), Path::new("/"));
        let status = preview.status_now("d");
        assert!(
            status.contains("\"version\":5,\"good\":5,\"pages\":2,\"sidor\":[1,4]"),
            "{status}"
        );
        preview.remove("d");
        assert!(preview.status_now("d").contains("\"version\":0"));
    }

    #[test]
    fn serves_status_and_pages_over_http() {
        use std::io::{Read, Write};
        use std::net::TcpStream;
        use std::time::Instant;
        let preview = Preview::default();
        preview.state.lock().unwrap().insert(
            "a/plan".into(),
            DocumentState {
                pages: vec![Arc::new("<svg/>".into())],
                page_versions: vec![2],
                version: 2,
                good: 2,
                ..DocumentState::default()
            },
        );
        let port = preview.start(0).unwrap();
        let request = move |method: &str, path: &str, host: &str| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            write!(
                s,
                "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
            )
            .unwrap();
            let mut body = String::new();
            s.read_to_string(&mut body).unwrap();
            body
        };
        let get = move |path: &str| request("GET", path, &format!("127.0.0.1:{port}"));
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
        // Not built: no PDF to show.
        assert!(get("/pdf?doc=a/plan").starts_with("HTTP/1.1 404"));
        // Only GET and HEAD, only for this host.
        let post = request("POST", "/", &format!("127.0.0.1:{port}"));
        assert!(post.starts_with("HTTP/1.1 405"), "{post}");
        assert!(
            post.to_ascii_lowercase().contains("allow: get, head"),
            "{post}"
        );
        let head = request("HEAD", "/", &format!("localhost:{port}"));
        assert!(
            head.starts_with("HTTP/1.1 200") && !head.contains("<html"),
            "{head}"
        );
        let foreign = request("GET", "/", &format!("exempel.se:{port}"));
        assert!(foreign.starts_with("HTTP/1.1 403"), "{foreign}");
        let other_port = request("GET", "/", "127.0.0.1:1");
        assert!(other_port.starts_with("HTTP/1.1 403"), "{other_port}");
    }
}

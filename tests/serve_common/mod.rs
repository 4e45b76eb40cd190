//! Shared by the `hearken serve` tests: the fixture output folder, the real binary serving it,
//! and plain HTTP/1.1 requests over a socket (so malformed requests can be sent as they are).

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const BIN: &str = env!("CARGO_BIN_EXE_hearken");

/// The fictional consultation the tests serve, with the flags that name its columns.
pub fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve/consultation.csv")
}

/// Runs `hearken run` on the fixture into a new temporary folder; returns it and `out/`.
pub fn fixture_output() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let out = tmp.path().join("out");
    let output = Command::new(BIN)
        .arg("run")
        .arg(fixture())
        .args(["--out"])
        .arg(&out)
        .args([
            "--quiet",
            "--id-column",
            "Response ID",
            "--consent-column",
            "May we publish your response?",
            "--attribute-column",
            "Locality",
            "--attribute-column",
            "Which of these best describes you?",
        ])
        .output()
        .expect("run hearken");
    assert!(
        output.status.success(),
        "hearken run failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (tmp, out)
}

/// Runs `hearken run` on the bundled sample survey (650 fictional respondents) into a new
/// temporary folder; returns it and `out/`.
pub fn sample_output() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let out = tmp.path().join("out");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data/south-lanarkshire-engagement-2026.csv");
    let output = Command::new(BIN)
        .arg("run")
        .arg(sample)
        .arg("--out")
        .arg(&out)
        .arg("--quiet")
        .output()
        .expect("run hearken");
    assert!(
        output.status.success(),
        "hearken run failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (tmp, out)
}

/// A running `hearken serve`, stopped when dropped.
pub struct Served {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
    /// What the server wrote to stderr so far.
    pub stderr: Arc<Mutex<String>>,
}

impl Served {
    /// `http://127.0.0.1:PORT` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Whether the server process is still running.
    pub fn alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `hearken serve OUT --port 0 EXTRA...` and waits for the address it prints.
pub fn serve(out: &Path, extra: &[&str]) -> Served {
    let mut child = Command::new(BIN)
        .arg("serve")
        .arg(out)
        .args(["--port", "0"])
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start hearken serve");
    let stderr = Arc::new(Mutex::new(String::new()));
    let mut err = child.stderr.take().expect("stderr");
    let sink = stderr.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = err.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock()
                .unwrap()
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("hearken serve printed no address within 60 s");
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}; stderr: {}", stderr.lock().unwrap()))
        .to_string();
    Served {
        child,
        addr,
        stderr,
    }
}

/// A response: status, headers (lower-case names) and body.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Sends `request` as given and reads the whole response (the request should ask
/// `Connection: close`).
pub fn raw(addr: &str, request: &[u8]) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    // The server may answer (413, 431) and close before reading everything.
    let _ = stream.write_all(request);
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: body.to_string(),
    }
}

/// `GET target` with the right Host header.
pub fn get(addr: &str, target: &str) -> Response {
    raw(
        addr,
        format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

/// `POST target` with a form body.
pub fn post_form(addr: &str, target: &str, body: &str) -> Response {
    raw(
        addr,
        format!(
            "POST {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .as_bytes(),
    )
}

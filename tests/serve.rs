//! `hearken serve` over HTTP: the real binary on the output of `hearken run` on a fictional
//! consultation, sent careless and hostile requests over a plain socket. Every one must get a
//! 4xx with a reason (or the page asked for), never a panic, and the server must keep serving.

mod serve_common;

use serve_common::{fixture_output, get, post_form, raw, serve, Response, BIN};
use std::process::Command;

#[test]
fn pages_answer_and_carry_the_security_headers() {
    let (_tmp, out) = fixture_output();
    let mut s = serve(&out, &[]);
    for target in [
        "/",
        "/search",
        "/search?q=carer&where=Locality%3DHamilton",
        "/search/results?q=carer",
        "/theme/T10",
        "/response?id=R01",
        "/basket",
        "/assets/app.css",
        "/assets/app.js",
    ] {
        let r = get(&s.addr, target);
        assert_eq!(r.status, 200, "{target}: {}", r.body);
        let csp = r.header("content-security-policy").unwrap_or("");
        assert!(csp.contains("default-src 'none'"), "{target}: {csp}");
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(r.header("x-frame-options"), Some("DENY"));
    }
    // The search page counts what `hearken search` counts: 8 answers mention carers, 4 of them
    // from Hamilton.
    let r = get(&s.addr, "/search/results?q=carer");
    assert!(r.body.contains("8 answers match"), "{}", r.body);
    let r = get(&s.addr, "/search/results?q=carer&where=Locality%3DHamilton");
    assert!(r.body.contains("4 answers match"), "{}", r.body);
    // Pages carry no inline script or style.
    let r = get(&s.addr, "/");
    assert!(!r.body.contains("<script>") && !r.body.contains("style="));
    assert!(s.alive());
}

/// A hostile or malformed request: what it tries, the status it must get, and the reply.
type Case = (&'static str, u16, Response);

#[test]
fn hostile_and_malformed_requests_get_4xx_and_the_server_keeps_going() {
    let (_tmp, out) = fixture_output();
    let mut s = serve(&out, &[]);
    let a = s.addr.clone();
    let mut cases: Vec<Case> = path_cases(&a);
    cases.extend(parameter_cases(&a));
    cases.extend(size_cases(&a));
    cases.extend(protocol_cases(&a));
    for (name, status, r) in &cases {
        assert_eq!(r.status, *status, "{name}: {}", r.body);
        assert!(!r.body.contains("root:x:0"), "{name} leaked a file");
        assert!(!r.body.contains("[package]"), "{name} leaked a file");
    }
    messages_say_what_is_wrong(&a);
    // Still serving, and nothing panicked.
    assert_eq!(get(&a, "/").status, 200);
    assert!(s.alive());
    let log = s.stderr.lock().unwrap().clone();
    assert!(!log.contains("panicked"), "{log}");
}

/// Paths that try to reach files: none reaches the file system.
fn path_cases(a: &str) -> Vec<Case> {
    vec![
        // Path traversal, plain and encoded: no path reaches the file system.
        ("traversal", 404, get(a, "/../../../../etc/passwd")),
        (
            "traversal in assets",
            404,
            get(a, "/assets/../../Cargo.toml"),
        ),
        (
            "encoded traversal",
            404,
            get(a, "/%2e%2e/%2e%2e/etc/passwd"),
        ),
        (
            "traversal as a theme",
            404,
            get(a, "/theme/..%2F..%2F..%2Fetc%2Fpasswd"),
        ),
        ("absolute path", 404, get(a, "/etc/passwd")),
        ("index file", 404, get(a, "/index/meta.json")),
        ("output file", 404, get(a, "/coded.csv")),
    ]
}

/// Unknown, repeated, malformed and out-of-range parameters, and pages that do not exist.
fn parameter_cases(a: &str) -> Vec<Case> {
    vec![
        // Bad parameters.
        ("unknown parameter", 400, get(a, "/search?file=/etc/passwd")),
        ("parameter on a page without any", 400, get(a, "/?x=1")),
        ("repeated single parameter", 400, get(a, "/search?q=a&q=b")),
        ("invalid UTF-8", 400, get(a, "/search?q=%FF%FE")),
        ("control character", 400, get(a, "/search?q=a%00b")),
        ("bad query syntax", 400, get(a, "/search?q=%22unclosed")),
        (
            "query too deep",
            400,
            get(a, &format!("/search?q={}a", "(".repeat(30))),
        ),
        (
            "query too long",
            400,
            get(a, &format!("/search?q={}", "a".repeat(2_050))),
        ),
        ("unknown theme filter", 400, get(a, "/search?theme=T99")),
        ("unknown column", 400, get(a, "/search?where=Planet%3DMars")),
        (
            "where without column",
            400,
            get(a, "/search?where=Hamilton"),
        ),
        ("bad page", 400, get(a, "/search?page=abc")),
        ("page zero", 400, get(a, "/search?page=0")),
        ("page too far", 400, get(a, "/search?page=99999999999")),
        ("bad sort", 400, get(a, "/search?sort=random")),
        ("bad flag", 400, get(a, "/search?quotable=maybe")),
        (
            "too many filters",
            400,
            get(a, &format!("/search?{}", "theme=T01&".repeat(101))),
        ),
        ("unknown theme page", 404, get(a, "/theme/T99")),
        ("unknown respondent", 404, get(a, "/response?id=NOBODY")),
        ("respondent without id", 400, get(a, "/response")),
    ]
}

/// Requests over the size limits.
fn size_cases(a: &str) -> Vec<Case> {
    vec![
        // Sizes.
        (
            "long address",
            414,
            get(a, &format!("/search?q={}", "a".repeat(20_000))),
        ),
        (
            "oversized form",
            413,
            post_form(a, "/basket/export", &format!("item={}", "a".repeat(70_000))),
        ),
        (
            "huge headers",
            431,
            raw(
                a,
                format!(
                    "GET / HTTP/1.1\r\nHost: {a}\r\n{}Connection: close\r\n\r\n",
                    (0..120)
                        .map(|i| format!("X-Filler-{i}: {}\r\n", "x".repeat(50)))
                        .collect::<String>()
                )
                .as_bytes(),
            ),
        ),
    ]
}

/// Malformed HTTP, foreign hosts and origins, other methods and bad forms.
fn protocol_cases(a: &str) -> Vec<Case> {
    vec![
        // Malformed HTTP and methods.
        ("garbage request line", 400, raw(a, b"HELLO THERE\r\n\r\n")),
        (
            "no host",
            400,
            raw(a, b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n"),
        ),
        (
            "foreign host (DNS rebinding)",
            400,
            raw(
                a,
                b"GET / HTTP/1.1\r\nHost: attacker.example\r\nConnection: close\r\n\r\n",
            ),
        ),
        (
            "delete",
            405,
            raw(
                a,
                format!("DELETE / HTTP/1.1\r\nHost: {a}\r\nConnection: close\r\n\r\n").as_bytes(),
            ),
        ),
        (
            "form from another site",
            403,
            raw(
                a,
                format!(
                    "POST /basket/export HTTP/1.1\r\nHost: {a}\r\nOrigin: http://attacker.example\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                )
                .as_bytes(),
            ),
        ),
        (
            "form of another type",
            415,
            raw(
                a,
                format!(
                    "POST /basket/export HTTP/1.1\r\nHost: {a}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
                )
                .as_bytes(),
            ),
        ),
        ("form not UTF-8", 400, {
            let mut req = format!(
                "POST /basket/export HTTP/1.1\r\nHost: {a}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\nConnection: close\r\n\r\n"
            )
            .into_bytes();
            req.extend_from_slice(&[0xff, 0xfe, 0xfd]);
            raw(a, &req)
        }),
        ("bad basket item", 400, post_form(a, "/basket/export", "item=nonsense")),
        ("basket item of no question", 400, post_form(a, "/basket/export", "item=Q9%3A%3AR01")),
        ("bad export format", 400, post_form(a, "/basket/export", "format=pdf&item=Q1%3A%3AR01")),
        ("form to a page", 404, post_form(a, "/search", "q=carer")),
    ]
}

/// The 4xx pages say what is wrong, and keep what the user typed.
fn messages_say_what_is_wrong(a: &str) {
    // The messages say what is wrong.
    let r = get(a, "/search?file=x");
    assert!(r.body.contains("unknown parameter `file`"), "{}", r.body);
    let r = get(a, "/search?theme=T99");
    assert!(r.body.contains("unknown theme `T99`"), "{}", r.body);
    let r = get(a, "/search?q=%22unclosed");
    assert!(r.body.contains("There is a problem"), "{}", r.body);
    assert!(
        r.body.contains("value=\"&quot;unclosed\""),
        "the typed query is kept: {}",
        r.body
    );
}

#[test]
fn what_the_data_says_is_escaped_everywhere() {
    let (_tmp, out) = fixture_output();
    let s = serve(&out, &[]);
    let r = get(&s.addr, "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    assert!(!r.body.contains("<script>alert"), "{}", r.body);
    assert!(
        r.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{}",
        r.body
    );
    let r = get(&s.addr, "/response?id=%3Cimg%20src%3Dx%3E");
    assert_eq!(r.status, 404);
    assert!(!r.body.contains("<img src=x>") && r.body.contains("&lt;img src=x&gt;"));
}

#[test]
fn the_basket_exports_only_publishable_redacted_text() {
    let (_tmp, out) = fixture_output();
    let s = serve(&out, &[]);
    // R01 agreed (its phone number must go), R02 did not, R05 agreed (its email must go).
    let items = "item=Q1%3AT10%3AR01&item=Q1%3AT10%3AR02&item=Q1%3A%3AR05";
    let md = post_form(&s.addr, "/basket/export", &format!("format=md&{items}"));
    assert_eq!(md.status, 200, "{}", md.body);
    assert_eq!(
        md.header("content-disposition"),
        Some("attachment; filename=\"hearken-quotes.md\"")
    );
    assert!(
        md.body.contains("R01") && md.body.contains("R05"),
        "{}",
        md.body
    );
    assert!(
        md.body.contains("\\[phone\\]") && md.body.contains("\\[email\\]"),
        "{}",
        md.body
    );
    assert!(
        !md.body.contains("960118") && !md.body.contains("jean.smith"),
        "{}",
        md.body
    );
    assert!(
        !md.body.contains("my husband"),
        "R02 did not agree: {}",
        md.body
    );
    assert!(
        md.body.contains("1 marked answers were left out"),
        "{}",
        md.body
    );
    let csv = post_form(&s.addr, "/basket/export", &format!("format=csv&{items}"));
    assert_eq!(csv.status, 200);
    let mut lines = csv.body.trim_start_matches('\u{feff}').lines();
    assert_eq!(lines.next(), Some("id,question,theme,theme_name,text"));
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows[0].starts_with("R01,Q1,T10,Support for unpaid carers,"),
        "{}",
        rows[0]
    );
    assert!(rows[0].contains("[phone]") && !rows[0].contains("960118"));
    assert!(
        rows[1].starts_with("R05,Q1,T10,Support for unpaid carers,"),
        "{}",
        rows[1]
    );
    assert!(rows[1].contains("[email]"));
    // Text sent by the browser is never used: there is no parameter for it.
    let r = post_form(&s.addr, "/basket/export", "item=Q1%3A%3AR01&text=made+up");
    assert_eq!(r.status, 400);
}

#[test]
fn non_loopback_addresses_are_refused_without_allow_remote() {
    let (_tmp, out) = fixture_output();
    let refused = Command::new(BIN)
        .arg("serve")
        .arg(&out)
        .args(["--bind", "0.0.0.0", "--port", "0"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("refusing to listen on 0.0.0.0") && err.contains("--allow-remote"),
        "{err}"
    );
    assert!(refused.stdout.is_empty());
    // With --allow-remote it serves, with a warning; loopback clients still get pages, from any
    // Host name.
    let s = serve(&out, &["--bind", "0.0.0.0", "--allow-remote"]);
    let port = s.addr.rsplit(':').next().unwrap().to_string();
    let r = get(&format!("127.0.0.1:{port}"), "/");
    assert_eq!(r.status, 200);
    let log = s.stderr.lock().unwrap().clone();
    assert!(
        log.contains("warning") && log.contains("other machines"),
        "{log}"
    );
    // A folder that is not an output of `hearken run` is refused with a reason.
    let empty = tempfile::tempdir().unwrap();
    let r = Command::new(BIN)
        .arg("serve")
        .arg(empty.path())
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&r.stderr).contains("manifest.json"));
}

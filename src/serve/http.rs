//! HTTP for the workbench, with axum on tokio: limits on what a request may be (URI length,
//! body size, time), a check of the `Host` header (so a web page elsewhere cannot reach the
//! workbench by pointing a name of its own at 127.0.0.1) and of the origin of forms, security
//! headers on every response, and the work itself on blocking threads, a few at a time.

use super::{get, post, Reply, ServeError, Workbench};
use axum::body::{Body, Bytes};
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// The Content-Security-Policy of every response: only this server's own stylesheet, script
/// and fetches; no inline script or style, no frames, forms only to this server.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
    style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; \
    frame-ancestors 'none'; base-uri 'none'";

/// Longest request target (path and query), in bytes.
const MAX_URI_BYTES: usize = 16 * 1024;
/// Requests worked on at once; more wait for a turn (within the time limit).
const WORKERS: usize = 4;

/// How the server runs.
#[derive(Debug, Clone)]
pub struct Options {
    /// Accept any `Host` header (for a non-loopback address given with `--allow-remote`).
    pub allow_remote: bool,
    /// Longest time one request may take, waiting included.
    pub timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            allow_remote: false,
            timeout: Duration::from_secs(10),
        }
    }
}

struct Shared {
    workbench: Workbench,
    options: Options,
    port: u16,
    turns: Semaphore,
}

/// Serves `workbench` on `listener` until the process is interrupted (Ctrl-C).
pub fn run(
    workbench: Workbench,
    listener: TcpListener,
    options: Options,
) -> Result<(), ServeError> {
    let addr: SocketAddr = listener.local_addr().map_err(ServeError::Server)?;
    listener.set_nonblocking(true).map_err(ServeError::Server)?;
    let shared = Arc::new(Shared {
        workbench,
        options,
        port: addr.port(),
        turns: Semaphore::new(WORKERS),
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .enable_time()
        .build()
        .map_err(ServeError::Server)?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).map_err(ServeError::Server)?;
        let app = Router::new()
            .fallback(handle)
            .layer(DefaultBodyLimit::max(super::params::MAX_PARAMS_BYTES))
            .layer(middleware::from_fn_with_state(shared.clone(), guard))
            .with_state(shared);
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .map_err(ServeError::Server)
    })
}

/// Checks every request before it is handled and adds the security headers to every answer.
async fn guard(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let mut response = match refuse(&shared, &req) {
        Some(refusal) => refusal,
        None => match tokio::time::timeout(shared.options.timeout, next.run(req)).await {
            Ok(response) => response,
            Err(_) => plain(
                StatusCode::SERVICE_UNAVAILABLE,
                "The request took too long; try a narrower search.",
            ),
        },
    };
    let headers = response.headers_mut();
    for (name, value) in [
        ("content-security-policy", CONTENT_SECURITY_POLICY),
        ("x-content-type-options", "nosniff"),
        ("referrer-policy", "no-referrer"),
        ("x-frame-options", "DENY"),
        ("cross-origin-opener-policy", "same-origin"),
        ("cross-origin-resource-policy", "same-origin"),
        ("cache-control", "no-store"),
        (
            "permissions-policy",
            "camera=(), microphone=(), geolocation=()",
        ),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// Why a request is refused before it reaches a page, if it is.
fn refuse(shared: &Shared, req: &Request) -> Option<Response> {
    if req.uri().to_string().len() > MAX_URI_BYTES {
        return Some(plain(
            StatusCode::URI_TOO_LONG,
            "The address is too long for the workbench.",
        ));
    }
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !shared.options.allow_remote && !loopback_host(host, shared.port) {
        return Some(plain(
            StatusCode::BAD_REQUEST,
            "The workbench answers only requests addressed to 127.0.0.1, localhost or [::1] on its own port.",
        ));
    }
    if req.method() == Method::POST && !same_origin(req.headers(), host) {
        return Some(plain(
            StatusCode::FORBIDDEN,
            "Forms are accepted only from the workbench's own pages.",
        ));
    }
    None
}

/// Whether `host` (the `Host` header) names this server on a loopback name.
fn loopback_host(host: &str, port: u16) -> bool {
    let Some((name, p)) = host.rsplit_once(':') else {
        return false;
    };
    p.parse::<u16>().ok() == Some(port) && matches!(name, "127.0.0.1" | "localhost" | "[::1]")
}

/// A form post must not come from another site: `Origin` (when sent) must be this host, and
/// `Sec-Fetch-Site` (when sent) same-origin.
fn same_origin(headers: &HeaderMap, host: &str) -> bool {
    let origin_ok = match headers.get(header::ORIGIN).map(|o| o.to_str()) {
        None => true,
        Some(Ok(origin)) => origin == format!("http://{host}"),
        Some(Err(_)) => false,
    };
    let site_ok = match headers.get("sec-fetch-site").map(|s| s.to_str()) {
        None => true,
        Some(Ok(site)) => matches!(site, "same-origin" | "none"),
        Some(Err(_)) => false,
    };
    origin_ok && site_ok
}

fn plain(status: StatusCode, message: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response()
}

/// Every request: routed by [`get`] and [`post`] on a blocking thread, a few at a time.
async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let is_get = method == Method::GET || method == Method::HEAD;
    if !is_get && method != Method::POST {
        let mut r = plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "The workbench is read-only: it answers GET, HEAD and form POSTs only.",
        );
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD, POST"));
        return r;
    }
    if !is_get {
        let form = headers
            .get(header::CONTENT_TYPE)
            .and_then(|c| c.to_str().ok())
            .is_some_and(|c| {
                c.split(';').next().is_some_and(|t| {
                    t.trim()
                        .eq_ignore_ascii_case("application/x-www-form-urlencoded")
                })
            });
        if !form {
            return plain(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "A form must be sent as application/x-www-form-urlencoded.",
            );
        }
    }
    let Ok(body) = String::from_utf8(body.to_vec()) else {
        return plain(StatusCode::BAD_REQUEST, "The form is not valid UTF-8.");
    };
    let Ok(_turn) = shared.turns.acquire().await else {
        return plain(StatusCode::SERVICE_UNAVAILABLE, "The server is stopping.");
    };
    let path = uri.path().to_string();
    let query = uri.query().unwrap_or("").to_string();
    let worker = shared.clone();
    let reply = tokio::task::spawn_blocking(move || {
        if is_get {
            get(&worker.workbench, &path, &query)
        } else {
            post(&worker.workbench, &path, &body)
        }
    })
    .await;
    match reply {
        Ok(reply) => into_response(reply),
        Err(_) => plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The server failed answering this request.",
        ),
    }
}

fn into_response(reply: Reply) -> Response {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = Response::new(Body::from(reply.body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(reply.content_type),
    );
    if let Some(name) = reply.download {
        if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
            headers.insert(header::CONTENT_DISPOSITION, v);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_names_on_our_port_pass() {
        assert!(loopback_host("127.0.0.1:8080", 8080));
        assert!(loopback_host("localhost:8080", 8080));
        assert!(loopback_host("[::1]:8080", 8080));
        assert!(!loopback_host("127.0.0.1:8081", 8080));
        assert!(!loopback_host("evil.example:8080", 8080));
        assert!(!loopback_host("127.0.0.1", 8080));
        assert!(!loopback_host("", 8080));
    }

    #[test]
    fn forms_from_elsewhere_are_refused() {
        let mut h = HeaderMap::new();
        assert!(same_origin(&h, "127.0.0.1:9"));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:9"),
        );
        assert!(same_origin(&h, "127.0.0.1:9"));
        h.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(!same_origin(&h, "127.0.0.1:9"));
        let mut h = HeaderMap::new();
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://evil.example"),
        );
        assert!(!same_origin(&h, "127.0.0.1:9"));
    }
}

//! `hearken serve`: a read-only workbench in the browser over the output folder of
//! `hearken run`, for report writers: an overview of the figures, search with facets over the
//! same index and query language as `hearken search`, a page per theme and per response, and a
//! quote basket that exports only publishable, redacted text.
//!
//! The server listens on the loopback interface only, unless told otherwise
//! ([`check_bind`]). It reads the output folder once at start ([`Workbench::open`]); requests
//! are matched against a fixed set of routes ([`get`], [`post`]), so nothing a request says
//! becomes a path. Every parameter is checked (unknown names, repeats, lengths, UTF-8, control
//! characters), bad input gets a 4xx page saying what is wrong, all markup is escaped by
//! construction (`maud`), and a strict Content-Security-Policy allows only the page's own
//! stylesheet and script, served from memory.

mod data;
mod export;
mod html;
mod http;
mod pages;
pub(crate) mod params;
pub(crate) mod search;

pub use data::{parse_evidence, wilson, EvidenceItem, Fired, Workbench};
pub use http::{run, Options, CONTENT_SECURITY_POLICY};
pub use search::PAGE_SIZE;

use crate::index::IndexError;
use std::net::IpAddr;
use std::path::PathBuf;

/// Why the workbench cannot start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// A file of the output folder is missing or not what `hearken run` writes.
    #[error("{}: {reason}", .path.display())]
    Output {
        /// The file or folder.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// The search index could not be opened or searched.
    #[error(transparent)]
    Index(#[from] IndexError),
    /// An address that other machines can reach, without `--allow-remote`.
    #[error(
        "refusing to listen on {0}: other machines could reach it, and the workbench shows every \
         answer, including those not for publication. Use 127.0.0.1 (the default), or add \
         --allow-remote if that is really meant"
    )]
    NotLoopback(IpAddr),
    /// The server failed.
    #[error("the server stopped: {0}")]
    Server(#[source] std::io::Error),
}

/// Checks the address to listen on: loopback addresses always pass; any other is refused
/// unless `allow_remote`, and then passes with a warning to print.
pub fn check_bind(addr: IpAddr, allow_remote: bool) -> Result<Option<String>, ServeError> {
    if addr.is_loopback() {
        Ok(None)
    } else if allow_remote {
        Ok(Some(format!(
            "listening on {addr}, which other machines may reach: anyone who can connect can read \
             every answer, including those not for publication, and nothing asks who they are"
        )))
    } else {
        Err(ServeError::NotLoopback(addr))
    }
}

/// What a request got wrong, or what went wrong answering it.
#[derive(Debug)]
pub enum Problem {
    /// Bad input (400), with a message for the user.
    BadRequest(String),
    /// Nothing there (404), with a message for the user.
    NotFound(String),
    /// The server's own failure (500); details go to the server's log, not the page.
    Internal(ServeError),
}

impl Problem {
    /// A bad query or unknown filter name is the user's to fix; anything else is ours.
    pub fn from_index(e: IndexError) -> Problem {
        if e.is_usage() {
            Problem::BadRequest(e.to_string())
        } else {
            Problem::Internal(ServeError::Index(e))
        }
    }
}

/// An answer to a request, before HTTP: status, content type, body and, for a download, its
/// file name.
#[derive(Debug)]
pub struct Reply {
    /// HTTP status code.
    pub status: u16,
    /// Content-Type.
    pub content_type: &'static str,
    /// The body.
    pub body: Vec<u8>,
    /// A download's file name (`Content-Disposition: attachment`).
    pub download: Option<&'static str>,
}

const HTML: &str = "text/html; charset=utf-8";
const CSS: &str = include_str!("assets/app.css");
const JS: &str = include_str!("assets/app.js");

impl Reply {
    fn html(status: u16, markup: maud::Markup) -> Reply {
        Reply {
            status,
            content_type: HTML,
            body: markup.into_string().into_bytes(),
            download: None,
        }
    }
}

/// Answers a problem with its status and a page (or, for the page's script, a fragment) that
/// says what is wrong.
fn problem_reply(wb: &Workbench, problem: Problem, fragment: bool) -> Reply {
    let (status, title, message) = match problem {
        Problem::BadRequest(m) => (400, "There is a problem with the request", m),
        Problem::NotFound(m) => (404, "Page not found", m),
        Problem::Internal(e) => {
            eprintln!("hearken serve: error: {e}");
            (
                500,
                "Sorry, there is a problem with the workbench",
                "The server could not answer this request; its terminal says why.".to_string(),
            )
        }
    };
    if fragment {
        Reply::html(status, html::error_summary(&[message]))
    } else {
        Reply::html(status, pages::problem(wb, title, &message))
    }
}

/// Accepts no parameters at all.
fn no_params(query: &str) -> Result<(), Problem> {
    params::Params::parse(query, &[])
        .map(|_| ())
        .map_err(|e| Problem::BadRequest(e.0))
}

/// Answers a GET (or HEAD) request for `path` with the raw query string `query`.
pub fn get(wb: &Workbench, path: &str, query: &str) -> Reply {
    let fragment = path == "/search/results";
    let result: Result<Reply, Problem> = (|| match path {
        "/" => {
            no_params(query)?;
            Ok(Reply::html(200, pages::overview(wb)))
        }
        "/search" => match search::page_for(wb, query) {
            Ok(m) => Ok(Reply::html(200, m)),
            Err((Problem::BadRequest(_), m)) => Ok(Reply::html(400, m)),
            Err((p, _)) => Err(p),
        },
        "/search/results" => search::fragment_for(wb, query).map(|m| Reply::html(200, m)),
        "/response" => {
            let p =
                params::Params::parse(query, &[("id", 1)]).map_err(|e| Problem::BadRequest(e.0))?;
            let id = p.one("id").filter(|id| !id.is_empty()).ok_or_else(|| {
                Problem::BadRequest("`id` is missing: which respondent?".to_string())
            })?;
            pages::response(wb, id).map(|m| Reply::html(200, m))
        }
        "/basket" => {
            no_params(query)?;
            Ok(Reply::html(200, pages::basket(wb)))
        }
        "/assets/app.css" => {
            no_params(query)?;
            Ok(asset("text/css; charset=utf-8", CSS))
        }
        "/assets/app.js" => {
            no_params(query)?;
            Ok(asset("text/javascript; charset=utf-8", JS))
        }
        _ => match path.strip_prefix("/theme/") {
            Some(raw) => {
                no_params(query)?;
                let id = percent_encoding::percent_decode_str(raw)
                    .decode_utf8()
                    .map_err(|_| {
                        Problem::BadRequest("the theme id is not valid UTF-8".to_string())
                    })?;
                pages::theme(wb, &id).map(|m| Reply::html(200, m))
            }
            None => Err(Problem::NotFound(format!(
                "There is no page at {}.",
                params::shown(path)
            ))),
        },
    })();
    result.unwrap_or_else(|p| problem_reply(wb, p, fragment))
}

/// Answers a POST of a form body (`application/x-www-form-urlencoded`) to `path`.
pub fn post(wb: &Workbench, path: &str, body: &str) -> Reply {
    let result: Result<Reply, Problem> = (|| match path {
        "/basket/view" => {
            let p = params::Params::parse(body, export::ALLOWED_VIEW)
                .map_err(|e| Problem::BadRequest(e.0))?;
            let derived = export::derive(wb, &p)?;
            Ok(Reply::html(200, export::view(wb, &derived)))
        }
        "/basket/export" => {
            let p = params::Params::parse(body, export::ALLOWED_EXPORT)
                .map_err(|e| Problem::BadRequest(e.0))?;
            let format = export::Format::parse(&p).map_err(|e| Problem::BadRequest(e.0))?;
            let derived = export::derive(wb, &p)?;
            let (content_type, name) = format.download();
            Ok(Reply {
                status: 200,
                content_type,
                body: export::export(wb, &derived, format),
                download: Some(name),
            })
        }
        _ => Err(Problem::NotFound(format!(
            "Nothing takes a form at {}.",
            params::shown(path)
        ))),
    })();
    result.unwrap_or_else(|p| problem_reply(wb, p, path == "/basket/view"))
}

fn asset(content_type: &'static str, text: &'static str) -> Reply {
    Reply {
        status: 200,
        content_type,
        body: text.as_bytes().to_vec(),
        download: None,
    }
}

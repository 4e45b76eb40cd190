//! `hearken serve`: open the output folder of `hearken run` in the browser.

use anyhow::Context;
use hearken::serve::{self, Options, Workbench};
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, TcpListener};
use std::path::PathBuf;

/// Arguments of `hearken serve`.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  hearken serve out
  hearken serve out --port 8320
  hearken serve out --redact-names staff.txt

The workbench listens on 127.0.0.1 only and prints its address; open it in a browser on this
computer. It reads the folder and never changes it. Stop it with Ctrl-C.")]
pub struct Args {
    /// The output folder of `hearken run` (`--out`).
    #[arg(value_name = "OUTDIR")]
    dir: PathBuf,

    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 0, value_name = "PORT")]
    port: u16,

    /// Address to listen on. Anything but a loopback address (127.0.0.1, ::1) is refused
    /// unless --allow-remote is given.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST), value_name = "ADDR")]
    bind: IpAddr,

    /// Allow an address that other machines can reach. Anyone who can connect can then read
    /// every answer, including those not for publication.
    #[arg(long)]
    allow_remote: bool,

    /// A file of names to remove from quotes wherever they occur (one per line, `#` starts a
    /// comment), such as staff names, besides the usual personal details.
    #[arg(long, value_name = "FILE")]
    redact_names: Option<PathBuf>,
}

/// Run `hearken serve`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let warning = match serve::check_bind(args.bind, args.allow_remote) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("hearken: error: {e}");
            return Err(super::Exit(super::EXIT_USAGE).into());
        }
    };
    let names = super::read_names(args.redact_names.as_deref())?;
    let workbench = Workbench::open(&args.dir, names)
        .with_context(|| format!("cannot open {}", args.dir.display()))?;
    for reason in workbench.index.stale(None, None) {
        eprintln!(
            "hearken: warning: {} may be out of date: {} (rerun `hearken run` to rebuild it)",
            super::printable(&args.dir.display().to_string()),
            super::printable(&reason.to_string())
        );
    }
    let listener = TcpListener::bind((args.bind, args.port))
        .with_context(|| format!("cannot listen on {} port {}", args.bind, args.port))?;
    let addr = listener.local_addr().context("cannot read the address")?;
    if let Some(w) = warning {
        eprintln!("hearken: warning: {w}");
    }
    let mut out = std::io::stdout();
    writeln!(
        out,
        "hearken serve: http://{addr}/ (reading {}; Ctrl-C to stop)",
        super::printable(&args.dir.display().to_string())
    )?;
    out.flush()?;
    serve::run(
        workbench,
        listener,
        Options {
            allow_remote: args.allow_remote,
            ..Options::default()
        },
    )
    .context("the workbench stopped")
}

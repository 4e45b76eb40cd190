//! `hearken search`.

/// Arguments of `hearken search`.
#[derive(clap::Args)]
pub struct Args {}

/// Run `hearken search`.
pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("`hearken search` is not available in this build")
}

//! `hearken learn`.

/// Arguments of `hearken learn`.
#[derive(clap::Args)]
pub struct Args {}

/// Run `hearken learn`.
pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("`hearken learn` is not available in this build")
}

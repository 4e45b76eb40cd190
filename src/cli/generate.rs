//! `hearken generate`.

/// Arguments of `hearken generate`.
#[derive(clap::Args)]
pub struct Args {}

/// Run `hearken generate`.
pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("`hearken generate` is not available in this build")
}

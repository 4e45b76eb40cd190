//! `hearken inspect`.

/// Arguments of `hearken inspect`.
#[derive(clap::Args)]
pub struct Args {}

/// Run `hearken inspect`.
pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("`hearken inspect` is not available in this build")
}

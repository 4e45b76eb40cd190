//! `hearken run`.

/// Arguments of `hearken run`.
#[derive(clap::Args)]
pub struct Args {}

/// Run `hearken run`.
pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("`hearken run` is not available in this build")
}

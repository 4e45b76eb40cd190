//! `hearken code`.

/// Arguments of `hearken code`.
#[derive(clap::Args)]
pub struct Args {}

/// Run `hearken code`.
pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("`hearken code` is not available in this build")
}

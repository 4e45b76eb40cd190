//! `hearken evaluate`.

/// Arguments of `hearken evaluate`.
#[derive(clap::Args)]
pub struct Args {}

/// Run `hearken evaluate`.
pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("`hearken evaluate` is not available in this build")
}

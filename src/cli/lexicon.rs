//! `hearken lexicon`.

/// Arguments of `hearken lexicon`.
#[derive(clap::Args)]
pub struct Args {}

/// Run `hearken lexicon`.
pub fn run(_args: Args) -> anyhow::Result<()> {
    anyhow::bail!("`hearken lexicon` is not available in this build")
}

//! Progress bars on stderr, drawn with indicatif for the library's [`Progress`] reports.

use hearken::progress::{Progress, Task, Unit};
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// Bars for the tasks of one command; drawn only when wanted and stderr is a terminal.
pub struct Bars {
    multi: MultiProgress,
}

impl Bars {
    /// Bars that show when `wanted` and stderr is a terminal.
    pub fn new(wanted: bool) -> Bars {
        let target = if wanted && std::io::stderr().is_terminal() {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        Bars {
            multi: MultiProgress::with_draw_target(target),
        }
    }
}

impl Progress for Bars {
    fn start(&self, task: &str, total: Option<u64>, unit: Unit) -> Box<dyn Task> {
        let template = match (total, unit) {
            (Some(_), Unit::Bytes) => {
                format!("{task} {{bar:30}} {{bytes}}/{{total_bytes}} ({{bytes_per_sec}})")
            }
            (Some(_), Unit::Rows) => format!("{task} {{bar:30}} {{pos}}/{{len}} rows"),
            (None, Unit::Rows) => {
                format!("{{spinner}} {task:<14} {{pos}} rows ({{per_sec}}) {{elapsed}}")
            }
            _ => format!("{{spinner}} {task}"),
        };
        let bar = self.multi.add(match total {
            Some(n) => ProgressBar::new(n),
            None => ProgressBar::no_length(),
        });
        if let Ok(style) = ProgressStyle::with_template(&template) {
            bar.set_style(style);
        }
        if total.is_none() {
            bar.enable_steady_tick(Duration::from_millis(120));
        }
        Box::new(Bar(bar))
    }
}

/// One bar.
struct Bar(ProgressBar);

impl Task for Bar {
    fn set(&self, done: u64) {
        self.0.set_position(done);
    }

    fn add(&self, more: u64) {
        self.0.inc(more);
    }

    fn finish(&self) {
        self.0.finish_and_clear();
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

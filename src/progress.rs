//! Progress reporting. The library prints nothing: a long task says how far it has come through
//! [`Progress`], and the caller decides whether and how to show it (the command line draws bars
//! on a terminal; [`Silent`] shows nothing).

/// What a task counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Bytes of a file.
    Bytes,
    /// Rows of a file or a sheet.
    Rows,
    /// Nothing countable: the task only says it is under way.
    Steps,
}

/// Receives the progress of long tasks.
pub trait Progress: Sync {
    /// A task begins: its name, its size when known, and what it counts.
    fn start(&self, task: &str, total: Option<u64>, unit: Unit) -> Box<dyn Task>;
}

/// One task under way; finished when [`Task::finish`] is called or it is dropped.
pub trait Task: Send + Sync {
    /// How much is done, from the start.
    fn set(&self, done: u64);
    /// `more` done since the last call.
    fn add(&self, more: u64);
    /// The task is over.
    fn finish(&self);
}

/// Shows nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _task: &str, _total: Option<u64>, _unit: Unit) -> Box<dyn Task> {
        Box::new(Silent)
    }
}

impl Task for Silent {
    fn set(&self, _done: u64) {}
    fn add(&self, _more: u64) {}
    fn finish(&self) {}
}

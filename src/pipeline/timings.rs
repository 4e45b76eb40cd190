//! Where a run's time goes: wall time and busy CPU time of each stage, and how many items each
//! stage handled, returned as data in [`RunReport`](super::RunReport) for the caller to show.
//!
//! Stages overlap (reading and coding run alongside indexing and the summary), so their wall
//! times add up to more than the run's. Busy CPU counts the time the stage's threads were on a
//! processor: the thread that runs a step, plus the rayon workers that coding (its own pool) and
//! the summary (the global pool) fan out to, measured before and after on every worker. The
//! index's figure also holds the CPU of tantivy's own indexing threads, taken as the process's
//! CPU time not counted in any other stage. CPU times are read on Linux; elsewhere they are
//! `None`.

use serde::Serialize;
use std::time::{Duration, Instant};

/// The figures of one stage of a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageTiming {
    /// The stage's name (`setup`, `ingest`, `code`, `summarise`, `campaigns`, `index`, `report`).
    pub stage: String,
    /// Wall time spent in the stage, summed over its steps.
    pub wall: Duration,
    /// CPU time the stage's threads were busy; `None` where the platform does not say.
    pub busy: Option<Duration>,
    /// Items the stage handled: data rows for `ingest`, answers for the others; `None` for
    /// `setup`.
    pub items: Option<u64>,
}

impl StageTiming {
    /// Items handled per second of the stage's wall time, if it handled items and took any time.
    pub fn items_per_second(&self) -> Option<f64> {
        let secs = self.wall.as_secs_f64();
        self.items.filter(|_| secs > 0.0).map(|n| n as f64 / secs)
    }
}

/// Wall and busy CPU time of one stage, summed over its steps.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Stage {
    pub(super) wall: Duration,
    pub(super) busy: Duration,
}

impl Stage {
    /// Adds another part of the same stage (another thread's share, say).
    pub(super) fn add(&mut self, other: Stage) {
        self.wall += other.wall;
        self.busy += other.busy;
    }
}

/// Times of every stage of a run, filled in as the run goes.
#[derive(Debug, Default)]
pub(super) struct StageTimes {
    pub(super) setup: Stage,
    pub(super) ingest: Stage,
    pub(super) code: Stage,
    pub(super) summarise: Stage,
    pub(super) campaigns: Stage,
    pub(super) index: Stage,
    pub(super) report: Stage,
}

/// What each stage counts for its items/s.
pub(super) struct Counts {
    pub(super) rows: u64,
    pub(super) answers: u64,
}

impl StageTimes {
    /// The table, in pipeline order. `process_cpu` is the CPU time the whole process used during
    /// the run: what no stage accounts for goes to the index (tantivy's indexing threads).
    pub(super) fn list(&self, counts: &Counts, process_cpu: Duration) -> Vec<StageTiming> {
        let others = [
            self.setup,
            self.ingest,
            self.code,
            self.summarise,
            self.campaigns,
            self.report,
        ];
        let accounted: Duration = others.iter().map(|s| s.busy).sum::<Duration>() + self.index.busy;
        let index_busy = self.index.busy + process_cpu.saturating_sub(accounted);
        let known = cpu_known();
        let row = |stage: &str, s: Stage, busy: Duration, items: Option<u64>| StageTiming {
            stage: stage.to_string(),
            wall: s.wall,
            busy: known.then_some(busy),
            items,
        };
        vec![
            row("setup", self.setup, self.setup.busy, None),
            row("ingest", self.ingest, self.ingest.busy, Some(counts.rows)),
            row("code", self.code, self.code.busy, Some(counts.answers)),
            row(
                "summarise",
                self.summarise,
                self.summarise.busy,
                Some(counts.answers),
            ),
            row(
                "campaigns",
                self.campaigns,
                self.campaigns.busy,
                Some(counts.answers),
            ),
            row("index", self.index, index_busy, Some(counts.answers)),
            row(
                "report",
                self.report,
                self.report.busy,
                Some(counts.answers),
            ),
        ]
    }
}

/// Runs `f` and adds its wall time and the calling thread's CPU time to `stage`.
pub(super) fn timed<T>(stage: &mut Stage, f: impl FnOnce() -> T) -> T {
    let (wall, cpu) = (Instant::now(), thread_cpu());
    let out = f();
    stage.busy += thread_cpu().saturating_sub(cpu);
    stage.wall += wall.elapsed();
    out
}

/// The CPU time used so far by every worker of `pool` (the global pool when `None`).
pub(super) fn pool_cpu(pool: Option<&rayon::ThreadPool>) -> Duration {
    if !cpu_known() {
        return Duration::ZERO;
    }
    let times = match pool {
        Some(pool) => pool.broadcast(|_| thread_cpu()),
        None => rayon::broadcast(|_| thread_cpu()),
    };
    times.into_iter().sum()
}

/// Whether this platform reports CPU times.
pub(super) const fn cpu_known() -> bool {
    cfg!(target_os = "linux")
}

/// CPU time used so far by the calling thread.
pub(super) fn thread_cpu() -> Duration {
    cpu_clock(CpuClock::Thread)
}

/// CPU time used so far by the whole process, threads that have ended included.
pub(super) fn process_cpu() -> Duration {
    cpu_clock(CpuClock::Process)
}

enum CpuClock {
    Thread,
    Process,
}

#[cfg(target_os = "linux")]
fn cpu_clock(which: CpuClock) -> Duration {
    let id = match which {
        CpuClock::Thread => libc::CLOCK_THREAD_CPUTIME_ID,
        CpuClock::Process => libc::CLOCK_PROCESS_CPUTIME_ID,
    };
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec for the call to fill in; the clock ids are constants the
    // kernel always supports.
    let rc = unsafe { libc::clock_gettime(id, &mut ts) };
    if rc != 0 {
        return Duration::ZERO;
    }
    let secs = u64::try_from(ts.tv_sec).unwrap_or(0);
    let nanos = u32::try_from(ts.tv_nsec).unwrap_or(0);
    Duration::new(secs, nanos)
}

#[cfg(not(target_os = "linux"))]
fn cpu_clock(_which: CpuClock) -> Duration {
    Duration::ZERO
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn busy_time_counts_work_on_the_thread_and_not_sleep() {
        let mut stage = Stage::default();
        let sum = timed(&mut stage, || {
            std::thread::sleep(Duration::from_millis(30));
            (0..20_000_000u64).fold(0u64, |a, b| a.wrapping_add(b * b))
        });
        assert!(sum > 0);
        assert!(stage.wall >= Duration::from_millis(30));
        if cpu_known() {
            assert!(stage.busy > Duration::ZERO);
            assert!(stage.busy < stage.wall, "{stage:?}");
        }
    }

    #[test]
    fn the_index_takes_the_cpu_no_other_stage_accounts_for() {
        let ms = Duration::from_millis;
        let t = StageTimes {
            code: Stage {
                wall: ms(100),
                busy: ms(150),
            },
            index: Stage {
                wall: ms(80),
                busy: ms(20),
            },
            ..StageTimes::default()
        };
        let counts = Counts {
            rows: 10,
            answers: 20,
        };
        let list = t.list(&counts, ms(400));
        let names: Vec<&str> = list.iter().map(|s| s.stage.as_str()).collect();
        let order = [
            "setup",
            "ingest",
            "code",
            "summarise",
            "campaigns",
            "index",
            "report",
        ];
        assert_eq!(names, order);
        let index = &list[5];
        if cpu_known() {
            assert_eq!(index.busy, Some(ms(250)));
        }
        assert_eq!(index.items_per_second(), Some(250.0));
        assert_eq!(list[0].items_per_second(), None);
        assert_eq!(list[1].items, Some(10));
    }
}

//! Forecasts many series on every core: workers take the next series from a shared
//! counter (long and short series balance out), and a progress bar on stderr shows
//! how far the run is when stderr is a terminal and the run takes more than a second.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Applies `work` to every item on all cores, keeping the input order; `label`
/// names the work in the progress bar ("forecasting").
pub fn map_in_parallel<T: Sync, R: Send>(items: &[T], label: &str, work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(items.len().max(1));
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    let finished = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let progress = scope.spawn(|| show_progress(label, items.len(), &done, &finished));
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut local = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        if index >= items.len() {
                            break;
                        }
                        local.push((index, work(&items[index])));
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                    let mut results = results.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                    for (index, result) in local {
                        results[index] = Some(result);
                    }
                })
            })
            .collect();
        for handle in handles {
            if let Err(panic) = handle.join() {
                std::panic::resume_unwind(panic);
            }
        }
        finished.store(true, Ordering::Relaxed);
        progress.thread().unpark();
        let _ = progress.join();
    });
    results.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner()).into_iter().flatten().collect()
}

/// Redraws "forecasting 4210/10000 series [#####.....] 42 %  ETA 3 s" five times a second.
fn show_progress(label: &str, total: usize, done: &AtomicUsize, finished: &AtomicBool) {
    let mut stderr = std::io::stderr();
    if !stderr.is_terminal() {
        return;
    }
    let start = Instant::now();
    let mut drawn = false;
    while !finished.load(Ordering::Relaxed) {
        // Woken early when the work is done, so a short run does not wait out the tick.
        std::thread::park_timeout(Duration::from_millis(200));
        if finished.load(Ordering::Relaxed) {
            break;
        }
        let elapsed = start.elapsed();
        if elapsed < Duration::from_secs(1) {
            continue;
        }
        let count = done.load(Ordering::Relaxed).min(total);
        let share = count as f64 / total.max(1) as f64;
        let filled = (share * 30.0) as usize;
        let eta = if count > 0 { elapsed.as_secs_f64() * (total - count) as f64 / count as f64 } else { 0.0 };
        let _ = write!(
            stderr,
            "\r{label} {count}/{total} series [{}{}] {:3.0} %  ETA {eta:.0} s ",
            "#".repeat(filled),
            ".".repeat(30 - filled),
            share * 100.0
        );
        let _ = stderr.flush();
        drawn = true;
    }
    if drawn {
        let _ = writeln!(stderr, "\r{label} {total} series took {:.1} s{}", start.elapsed().as_secs_f64(), " ".repeat(30));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_input_order() {
        let items: Vec<u64> = (0..1000).collect();
        assert_eq!(map_in_parallel(&items, "doubling", |x| x * 2), items.iter().map(|x| x * 2).collect::<Vec<_>>());
        assert!(map_in_parallel(&Vec::<u64>::new(), "copying", |x| *x).is_empty());
    }
}

//! `server bench-packing`: how close the putaway engine's geometry packs to the lower
//! bound, per instance class, and (with `--peer`) next to another packer's placements
//! checked by our independent checker (`bench/compare_py3dbp.py` runs the peer); then
//! the engine's speed against 50,000 bins (`speed.rs`).

mod instances;
mod peer;
mod speed;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

use app::domain::putaway::checker;
use app::domain::putaway::packing::{large_box_bound, pack, volume_bound, PackingRule};
use app::domain::putaway::{Load, Support};

pub use instances::{generate, Instance};

/// What to run.
#[derive(Clone, Debug)]
pub struct BenchPackingRequest {
    /// Items per instance.
    pub sizes: Vec<usize>,
    /// Instances per class and size.
    pub count: usize,
    pub seed: u64,
    /// Write the instances here for another packer (and stop).
    pub export: Option<PathBuf>,
    /// Another packer's placements to check and show beside ours.
    pub peer: Option<PathBuf>,
}

/// The ways we pack: both rules, without and with the warehouse's full-support rule.
const VARIANTS: [(PackingRule, Support, &str); 4] = [
    (PackingRule::FirstFitDecreasing, Support::NONE, "FFD"),
    (PackingRule::BestFitDecreasing, Support::NONE, "BFD"),
    (PackingRule::FirstFitDecreasing, Support::FULL, "FFD supported"),
    (PackingRule::BestFitDecreasing, Support::FULL, "BFD supported"),
];

#[derive(Default)]
struct ClassTotals {
    instances: usize,
    items: usize,
    volume_bound: usize,
    bound: usize,
    at_bound: [usize; VARIANTS.len()],
    bins: [usize; VARIANTS.len()],
    infeasible: [usize; VARIANTS.len()],
    seconds: [f64; VARIANTS.len()],
    box_volume: f64,
    bin_volume: f64,
    peer: peer::PeerResult,
    peer_worse: usize,
}

/// Runs the benchmark and returns the table (or writes the instances when exporting).
pub fn bench_packing(request: &BenchPackingRequest) -> Result<String, String> {
    let instances = generate(&request.sizes, request.count, request.seed);
    if let Some(dir) = &request.export {
        peer::export(&instances, dir)?;
        return Ok(format!("wrote {} instances to {}", instances.len(), dir.display()));
    }
    let peer = request.peer.as_deref().map(|path| peer::read(path, &instances)).transpose()?;
    let mut classes: HashMap<u8, ClassTotals> = HashMap::new();
    for instance in &instances {
        let totals = classes.entry(instance.class).or_default();
        let bound = large_box_bound(&instance.boxes, instance.bin);
        totals.instances += 1;
        totals.items += instance.boxes.len();
        totals.volume_bound += volume_bound(&instance.boxes, instance.bin);
        totals.bound += bound;
        totals.box_volume += instance.boxes.iter().map(Load::volume).sum::<u64>() as f64;
        totals.bin_volume = instance.bin.volume() as f64;
        let mut best = usize::MAX;
        for (v, (rule, support, _)) in VARIANTS.iter().enumerate() {
            let started = Instant::now();
            let packing = pack(&instance.boxes, instance.bin, u64::MAX, *rule, *support);
            totals.seconds[v] += started.elapsed().as_secs_f64();
            let (bins, placements) = packing.checked(&instance.boxes);
            totals.infeasible[v] += checker::check(&bins, &placements, support.per_mille as i64).len();
            totals.infeasible[v] += packing.placed.iter().filter(|p| p.is_none()).count();
            totals.bins[v] += packing.bins_used();
            totals.at_bound[v] += usize::from(packing.bins_used() == bound);
            if support.per_mille == 0 {
                best = best.min(packing.bins_used());
            }
        }
        if let Some(result) = peer.as_ref().and_then(|p| p.get(&instance.name)) {
            totals.peer.bins_used += result.bins_used;
            totals.peer.left_out += result.left_out;
            totals.peer.infeasible += result.infeasible;
            totals.peer_worse += usize::from(result.bins_used < best);
        }
    }
    let mut report = table(request, &classes, peer.is_some());
    report.push_str("\n\n");
    report.push_str(&speed::table(request.seed));
    Ok(report)
}

fn table(request: &BenchPackingRequest, classes: &HashMap<u8, ClassTotals>, with_peer: bool) -> String {
    let mut out = String::new();
    let sizes: Vec<String> = request.sizes.iter().map(usize::to_string).collect();
    let _ = writeln!(
        out,
        "3-D bin packing, {} instances per class and size, {} items, seed {} (bins used, summed over the instances)\n",
        request.count,
        sizes.join("/"),
        request.seed
    );
    let mut header = String::from("| class | instances | L0 | bound |");
    for (_, _, name) in VARIANTS {
        let _ = write!(header, " {name} |");
    }
    header.push_str(
        " best gap to bound | best at bound | utilisation (best) | infeasible (ours) | ms per instance (BFD) |",
    );
    if with_peer {
        header.push_str(" peer bins | peer left out | peer infeasible | peer fewer bins than our best |");
    }
    let columns = header.matches('|').count() - 1;
    let _ = writeln!(out, "{header}\n|{}", "---|".repeat(columns));
    let mut keys: Vec<u8> = classes.keys().copied().collect();
    keys.sort_unstable();
    for class in keys {
        let t = &classes[&class];
        let best = (0..2).min_by_key(|&v| t.bins[v]).expect("two unsupported variants");
        let gap = 100.0 * (t.bins[best] as f64 - t.bound as f64) / t.bound as f64;
        let utilisation = 100.0 * t.box_volume / (t.bins[best] as f64 * t.bin_volume);
        let _ = write!(out, "| {class} | {} | {} | {} |", t.instances, t.volume_bound, t.bound);
        for bins in t.bins {
            let _ = write!(out, " {bins} |");
        }
        let infeasible: usize = t.infeasible.iter().sum();
        let ms = 1000.0 * t.seconds[1] / t.instances as f64;
        let _ = write!(
            out,
            " {gap:.1} % | {} of {} | {utilisation:.1} % | {infeasible} | {ms:.2} |",
            t.at_bound[best], t.instances
        );
        if with_peer {
            let _ =
                write!(out, " {} | {} | {} | {} |", t.peer.bins_used, t.peer.left_out, t.peer.infeasible, t.peer_worse);
        }
        out.push('\n');
    }
    out.push_str(
        "\nL0 = ⌈Σ box volume / bin volume⌉; bound = max(L0, boxes whose shortest side exceeds half the bin's longest side).\n\
         FFD/BFD: first-/best-fit decreasing at extreme points, boxes turned six ways; \"supported\": every box rests\n\
         with its whole base on the floor or on other boxes, as the putaway engine requires. Infeasible: placements\n\
         our independent checker refuses, plus boxes left out.",
    );
    out
}

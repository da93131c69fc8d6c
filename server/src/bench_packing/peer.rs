//! The files another packer is compared through: the instances out, its placements in.
//!
//! `instances.csv`: instance,class,bin_length,bin_width,bin_height
//! `boxes.csv`: instance,box,length,width,height
//! The peer writes `placements.csv`: instance,box,bin,x,y,z,length,width,height — the
//! corner and the extents of each box as placed (a box left out has no row).

use std::collections::HashMap;
use std::path::Path;

use app::domain::putaway::checker::{self, CheckedBin, Placement};
use serde::{Deserialize, Serialize};

use super::instances::Instance;

#[derive(Serialize)]
struct InstanceRow<'a> {
    instance: &'a str,
    class: u8,
    bin_length: u32,
    bin_width: u32,
    bin_height: u32,
}

#[derive(Serialize)]
struct BoxRow<'a> {
    instance: &'a str,
    #[serde(rename = "box")]
    index: usize,
    length: u32,
    width: u32,
    height: u32,
}

#[derive(Deserialize)]
struct PlacementRow {
    instance: String,
    #[serde(rename = "box")]
    index: usize,
    bin: String,
    x: i64,
    y: i64,
    z: i64,
    length: i64,
    width: i64,
    height: i64,
}

/// Writes the instances for another packer.
pub fn export(instances: &[Instance], dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut bins = writer(&dir.join("instances.csv"))?;
    let mut boxes = writer(&dir.join("boxes.csv"))?;
    for instance in instances {
        let bin = instance.bin;
        let row = InstanceRow {
            instance: &instance.name,
            class: instance.class,
            bin_length: bin.x,
            bin_width: bin.y,
            bin_height: bin.z,
        };
        bins.serialize(row).map_err(|e| e.to_string())?;
        for (index, load) in instance.boxes.iter().enumerate() {
            let unit = load.unit;
            let row = BoxRow { instance: &instance.name, index, length: unit.x, width: unit.y, height: unit.z };
            boxes.serialize(row).map_err(|e| e.to_string())?;
        }
    }
    bins.flush().and(boxes.flush()).map_err(|e| e.to_string())
}

fn writer(path: &Path) -> Result<csv::Writer<std::fs::File>, String> {
    csv::Writer::from_path(path).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// How the peer did on one instance.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PeerResult {
    pub bins_used: usize,
    pub left_out: usize,
    /// Placements our checker finds physically impossible (overlap, outside the bin, a wrong turn).
    pub infeasible: usize,
}

/// Reads the peer's placements and checks them, per instance name.
pub fn read(path: &Path, instances: &[Instance]) -> Result<HashMap<String, PeerResult>, String> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut rows: HashMap<String, Vec<PlacementRow>> = HashMap::new();
    for (line, row) in reader.deserialize::<PlacementRow>().enumerate() {
        let row = row.map_err(|e| format!("{} line {}: {e}", path.display(), line + 2))?;
        rows.entry(row.instance.clone()).or_default().push(row);
    }
    Ok(instances
        .iter()
        .map(|instance| (instance.name.clone(), judge(instance, rows.remove(&instance.name).unwrap_or_default())))
        .collect())
}

fn judge(instance: &Instance, rows: Vec<PlacementRow>) -> PeerResult {
    let mut bin_index: HashMap<String, usize> = HashMap::new();
    let mut placements = Vec::with_capacity(rows.len());
    let mut placed = vec![false; instance.boxes.len()];
    for row in &rows {
        let fresh = bin_index.len();
        let bin = *bin_index.entry(row.bin.clone()).or_insert(fresh);
        let unit =
            instance.boxes.get(row.index).map_or([0; 3], |b| [b.unit.x as i64, b.unit.y as i64, b.unit.z as i64]);
        if let Some(seen) = placed.get_mut(row.index) {
            *seen = true;
        }
        placements.push(Placement {
            bin,
            at: [row.x, row.y, row.z],
            turned: [row.length, row.width, row.height],
            grid: [1, 1, 1],
            count: 1,
            unit,
            upright_only: false,
            weight_g: 0,
            carries_load: true,
        });
    }
    let side = |s: u32| s as i64;
    let bins = vec![
        CheckedBin {
            inner: [side(instance.bin.x), side(instance.bin.y), side(instance.bin.z)],
            max_weight_g: i64::MAX
        };
        bin_index.len()
    ];
    let mut bad: Vec<usize> = checker::check(&bins, &placements, 0).into_iter().map(|v| v.placement).collect();
    bad.sort_unstable();
    bad.dedup();
    PeerResult { bins_used: bin_index.len(), left_out: placed.iter().filter(|p| !**p).count(), infeasible: bad.len() }
}

//! How a material arrives as boxes: whole cases where the material master gives a
//! case, else single units; sides and weights rounded the conservative way.

use crate::domain::putaway::{Load, Size};

/// A material's packing data as master data holds it.
#[derive(Clone, Debug, PartialEq)]
pub struct MaterialPacking {
    pub code: String,
    pub unit_mm: [f64; 3],
    pub unit_kg: f64,
    pub case_mm: Option<[f64; 3]>,
    pub case_kg: Option<f64>,
    pub units_per_case: Option<i64>,
    pub this_side_up: bool,
    pub stackable: bool,
}

/// A quantity of a material as boxes, and what one box is called.
pub fn load_of(material: &MaterialPacking, pieces: u32) -> Result<(Load, &'static str), String> {
    let grams = |kg: f64| (kg * 1000.0).ceil() as u64;
    let unit = Size::of_item_mm(material.unit_mm[0], material.unit_mm[1], material.unit_mm[2]);
    let per_case = material.units_per_case.filter(|&n| n >= 2).map(|n| n as u32);
    let case = material.case_mm.and_then(|[l, w, h]| Size::of_item_mm(l, w, h));
    let load = |unit: Size, unit_weight_g: u64, count: u32| Load {
        unit,
        unit_weight_g,
        count,
        upright_only: material.this_side_up,
        stackable: material.stackable,
    };
    let weighed = material.unit_kg.is_finite() && material.unit_kg > 0.0;
    match (case, per_case) {
        (Some(case), Some(per_case)) => {
            let case_g = match material.case_kg.filter(|kg| kg.is_finite() && *kg > 0.0) {
                Some(kg) => grams(kg),
                None if weighed => grams(material.unit_kg * per_case as f64),
                None => {
                    return Err(format!(
                        "{} has no weight in master data: the bin's weight limit cannot be checked",
                        material.code
                    ))
                }
            };
            // A partly filled last case counts as a full one.
            Ok((load(case, case_g, pieces.div_ceil(per_case)), "case"))
        }
        _ => {
            let unit = unit.ok_or_else(|| {
                format!("{} has no dimensions in master data: the fit cannot be checked", material.code)
            })?;
            if !weighed {
                return Err(format!(
                    "{} has no weight in master data: the bin's weight limit cannot be checked",
                    material.code
                ));
            }
            Ok((load(unit, grams(material.unit_kg), pieces), "unit"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn material() -> MaterialPacking {
        MaterialPacking {
            code: "PAPER-A4".into(),
            unit_mm: [297.0, 210.0, 50.0],
            unit_kg: 2.5,
            case_mm: Some([420.0, 300.0, 260.0]),
            case_kg: None,
            units_per_case: Some(5),
            this_side_up: true,
            stackable: true,
        }
    }

    #[test]
    fn full_cases_and_a_partial_one_count_as_cases() {
        let (load, name) = load_of(&material(), 12).expect("packable");
        assert_eq!((load.count, name), (3, "case"));
        assert_eq!(load.unit_weight_g, 12_500, "five units' weight per case");
        assert!(load.upright_only);
    }

    #[test]
    fn without_a_case_units_go_one_by_one_and_missing_data_is_named() {
        let loose = MaterialPacking { case_mm: None, ..material() };
        assert_eq!(load_of(&loose, 4).map(|(l, n)| (l.count, n)), Ok((4, "unit")));
        let unmeasured = MaterialPacking { unit_mm: [0.0, 210.0, 50.0], ..loose.clone() };
        assert_eq!(
            load_of(&unmeasured, 1),
            Err("PAPER-A4 has no dimensions in master data: the fit cannot be checked".into())
        );
        let unweighed = MaterialPacking { unit_kg: 0.0, ..loose };
        assert!(load_of(&unweighed, 1).unwrap_err().contains("no weight"));
    }
}

//! The shop-floor WASM entry point: hydrates the kiosk pages with only their own
//! code, so a tablet on weak Wi-Fi downloads a fraction of the office bundle.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    app::hydrate(app::FloorApp);
}

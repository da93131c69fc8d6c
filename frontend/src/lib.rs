//! The office WASM entry point: hydrates any page with every page's code. Nothing else lives here.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    app::hydrate(app::App);
}

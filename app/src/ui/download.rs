//! Hands text the server made (a CSV export) to the browser as a file download:
//! a Blob, an object URL and a clicked `<a download>`, so no second request and
//! no URL that would carry the filter to a log.

/// Offers `text` as a file named `name` of type `mime`. Nothing happens on the
/// server, where there is no browser to download to.
pub fn offer_download(name: &str, mime: &str, text: &str) {
    #[cfg(feature = "hydrate")]
    if let Err(error) = in_browser(name, mime, text) {
        leptos::logging::warn!("the download could not be offered: {error:?}");
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (name, mime, text);
}

#[cfg(feature = "hydrate")]
fn in_browser(name: &str, mime: &str, text: &str) -> Result<(), wasm_bindgen::JsValue> {
    use wasm_bindgen::JsCast;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    web_sys::Url::revoke_object_url(&url)
}

//! Decides whether the headless-browser test (tests/render_browser.rs) runs:
//! it does where Chromium is on `PATH`, and always on CI, where a missing
//! Chromium fails it instead of skipping it. Elsewhere it is ignored, with
//! its reason shown by `cargo test`.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(cookielint_browser_test)");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=CI");
    println!("cargo::rerun-if-env-changed=PATH");
    let on_ci =
        std::env::var("CI").is_ok_and(|value| !matches!(value.as_str(), "" | "0" | "false"));
    let has_chromium = std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|folder| folder.join("chromium").is_file())
    });
    if on_ci || has_chromium {
        println!("cargo::rustc-cfg=cookielint_browser_test");
    }
}

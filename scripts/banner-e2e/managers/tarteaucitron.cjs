// tarteaucitron 1.x for harness.cjs: the export is a classic script
// included after tarteaucitron's own, as its header says; tarteaucitron
// loads its language file (from the page's `lang`) and CSS from where its
// script is.
"use strict";

/// tarteaucitron binds its buttons 500 ms after it draws them: click until
/// the click has an effect.
async function clickUntil(page, selector, done) {
  const deadline = Date.now() + 4_000;
  for (;;) {
    await page.locator(selector).click();
    if (await done()) return;
    if (Date.now() > deadline) throw new Error(`${selector}: clicking it changed nothing`);
    await page.waitForTimeout(100);
  }
}

module.exports = {
  name: "tarteaucitron",
  assets: ["tarteaucitronjs/tarteaucitron.js"],
  page: ({ configUrl }) => `<script src=${JSON.stringify(configUrl)}></script>`,
  banner: "#tarteaucitronAlertBig",
  async categoriesShown(page) {
    // The banner's "Choose" button (tarteaucitron's id for it).
    const panel = page.locator("#tarteaucitron");
    await clickUntil(page, "#tarteaucitronCloseAlert", () => panel.isVisible());
    // A type's section shows once a service of that type is added (the
    // export hides its revision's, alone in it).
    return page.$$eval("#tarteaucitronServices [id^=tarteaucitronServicesTitle_]", (sections) =>
      sections
        .filter((section) => getComputedStyle(section).display !== "none")
        .map((section) => section.querySelector(".tarteaucitronTitle").textContent),
    );
  },
  preferences: "#tarteaucitron",
  // The preferences, once open, cover the banner: refuse there, then close
  // them, which refusing does not.
  async refuse(page) {
    await clickUntil(page, "#tarteaucitronAllDenied", () =>
      page.evaluate(() => tarteaucitron.job.every((key) => tarteaucitron.state[key] === false)),
    );
    await page.locator("#tarteaucitronClosePanel").click();
  },
};

// klaro 0.7 for harness.cjs: the export is a classic script that sets
// `window.klaroConfig`, included before klaro's own script, as its header
// says; klaro takes the language from the page's `lang`.
"use strict";

module.exports = {
  name: "klaro",
  // klaro reads its configuration when its script runs: both are the page's.
  assets: [],
  page: ({ configUrl }) => `<script src=${JSON.stringify(configUrl)}></script>
<script src="/node_modules/klaro/dist/klaro.js"></script>`,
  banner: ".klaro .cookie-notice",
  async categoriesShown(page) {
    await page.locator(".klaro .cookie-notice .cn-learn-more").click();
    // A purpose's own title, not its services' nor the "all services" switch.
    const titles = page.locator(".klaro .cm-modal li.cm-purpose:not(.cm-toggle-all) > label .cm-list-title");
    await titles.first().waitFor({ state: "visible" });
    return titles.allInnerTexts();
  },
  preferences: ".klaro .cm-modal",
  // The preferences, once open, cover the notice; declining closes them.
  async refuse(page) {
    await page.locator(".klaro .cm-modal .cm-btn-decline").click();
  },
};

// vanilla-cookieconsent v3 for harness.cjs: the page imports the export
// and passes it to `CookieConsent.run`, as the export's header says; the
// export picks its translation from the page's `<html lang>`.
"use strict";

module.exports = {
  name: "cookieconsent",
  assets: [
    "vanilla-cookieconsent/dist/cookieconsent.css",
    "vanilla-cookieconsent/dist/cookieconsent.umd.js",
  ],
  page: ({ configUrl }) => `<script type="module">
import config from ${JSON.stringify(configUrl)};
CookieConsent.run(config);
</script>`,
  banner: "#cc-main .cm",
  async categoriesShown(page) {
    await page.locator('#cc-main .cm button[data-role="show"]').click();
    const titles = page.locator("#cc-main .pm .pm__section-title");
    await titles.first().waitFor({ state: "visible" });
    return titles.allInnerTexts();
  },
  preferences: "#cc-main .pm",
  // The preferences, once open, cover the first banner and its buttons;
  // either's "reject all" closes them.
  async refuse(page) {
    const inPreferences = page.locator('#cc-main .pm button[data-role="necessary"]');
    const button = (await inPreferences.isVisible())
      ? inPreferences
      : page.locator('#cc-main .cm button[data-role="necessary"]');
    await button.click();
  },
};

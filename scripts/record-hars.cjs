// Run by scripts/record-hars.sh: node record-hars.cjs CHROME URL OUT_DIR.
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { chromium } = require("playwright-core");

const [chrome, url, out] = process.argv.slice(2);

// Every `.test` name is the fixture site on loopback, every other name fails
// to resolve (no network), and its self-signed certificate is accepted.
const args = [
  "--host-resolver-rules=MAP *.test 127.0.0.1, MAP * ~NOTFOUND",
  "--ignore-certificate-errors",
];

// A fresh profile, and every Playwright context, blocks third-party cookies;
// a persistent context over a profile whose preferences allow them lets the
// tracker's cookie in, as a visitor's browser with default settings would.
async function withBrowser(harName, visit) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "record-hars-"));
  fs.mkdirSync(path.join(profile, "Default"));
  fs.writeFileSync(
    path.join(profile, "Default", "Preferences"),
    JSON.stringify({ profile: { cookie_controls_mode: 0 } }),
  );
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chrome,
    headless: true,
    args,
    recordHar: { path: path.join(out, harName) },
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await visit(context, page);
  } finally {
    // Closing the context writes the HAR.
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

async function main() {
  await withBrowser("before-consent.har", async (_context, page) => {
    await page.goto(url, { waitUntil: "networkidle" });
  });
  await withBrowser("after-consent.har", async (context, page) => {
    await page.goto(url, { waitUntil: "networkidle" });
    await Promise.all([
      page.waitForResponse((response) => response.url().endsWith("/pixel.gif")),
      page.click("#accept"),
    ]);
    // Loaded again, the page sends the cookies set by script in its `Cookie`
    // header: a HAR's only trace of them.
    await page.reload({ waitUntil: "networkidle" });
    await context.storageState({ path: path.join(out, "after-consent-storage-state.json") });
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

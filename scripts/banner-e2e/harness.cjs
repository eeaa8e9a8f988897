// Run by scripts/banner-e2e.sh: each consent-banner export loaded with the
// manager's real package from npm in headless Chromium, as a site would
// load it, and checked against the declaration it was exported from.
//
//   node harness.cjs CHROMIUM NODE_MODULES COOKIELINT EXPORTS DECLARATION...
//
// NODE_MODULES is where `npm ci` installed scripts/banner-e2e/package.json.
// EXPORTS/MANAGER/NAME.js is `COOKIELINT export DECLARATION --to MANAGER`,
// NAME the declaration's file name without `.cookies.yaml`; the harness
// loads every MANAGER folder there, and renders each declaration's charter
// with `COOKIELINT render --format html` for the titles it expects.
//
// For each export and each language of its declaration, a loopback server
// (cookies need http, not file://) serves a page that sets every declared
// first-party cookie as the site would have, on its declared path (a `*` in
// a name becomes `test`; never the `stores_consent` cookie: a first visit
// has no choice recorded yet), then loads the manager and the export.
// Four checks, six when the declaration's `site.consent_manager` is a
// `#fragment`, each a PASS or FAIL line naming the manager, the declaration
// and the language:
//   1. the banner shows, with no uncaught script error;
//   2. the preferences list exactly the categories the charter has, under
//      the charter's titles (the banner and the charter tell one story);
//   3. after "reject all", every first-party cookie that needs consent is
//      gone (a manager may erase it as it starts, if the page could set it)
//      and every other one is still there;
//   4. what the manager wrote is the declared `stores_consent` cookie, kept
//      for the declared duration;
//   5. with the preferences closed after the refusal, a click on the page's
//      `<a href="#fragment">`, as the charter links to the consent manager,
//      shows them again;
//   6. a page loaded with the `#fragment` in its URL shows them.
// Exits 1 when a check failed, 2 on a bad invocation.
//
// A consent manager is one file, managers/MANAGER.cjs, named as `--to`
// names it, found by the harness and by banner-e2e.sh. It exports:
//
//   name: "MANAGER",
//   assets: ["pkg/dist/x.css", "pkg/dist/x.js"],
//       files of NODE_MODULES the page's head loads, after the site's
//       cookies, in this order: a `.css` as a stylesheet, anything else as a
//       classic script (may be empty). Every installed file is also served
//       at /node_modules/PATH: for a manager that loads its own files (its
//       language or CSS files), or one whose script must come after its
//       configuration (a `<script src>` in `page`).
//   page({ configUrl, language }) -> "<script>…</script>",
//       the markup, put at the end of the page's body, that runs the manager
//       with the export served at configUrl (as a classic script, or as an
//       ES module to import), its texts in `language`: a tag of the
//       declaration's site.languages, which the page's `<html lang>` and the
//       browser's locale already say.
//   banner: "CSS selector",
//       of the banner a first visit shows; the harness waits until it is
//       visible.
//   async categoriesShown(page) -> ["title", …],
//       opens the banner's preferences (or settings) view on the Playwright
//       page and returns the title of each category it lists, as shown.
//   async refuse(page),
//       clicks the banner's "reject all" (refuse, decline) button, and
//       leaves the preferences closed, as a visitor would.
//   preferences: "CSS selector",
//       of the preferences view categoriesShown opens: visible when open.
//
// The export's texts are the charter's: a category the banner shows under
// another title than the charter's fails check 2.
"use strict";

const fs = require("node:fs");
const http = require("node:http");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { createRequire } = require("node:module");

const DAY = 86_400;
// Seconds in each unit of a declared duration, in its order (Y M W D T H M
// S), as cookielint counts them (the format's "Durations").
const DURATION_UNITS = [31_556_952, 2_629_746, 604_800, DAY, 3_600, 60, 1];
const STEP_TIMEOUT_MS = 5_000;
// Pages loaded at once: two cores, and the managers' timers.
const CONCURRENT_CASES = 3;
const DRIVER_KEYS = ["assets", "page", "banner", "categoriesShown", "refuse", "preferences"];
// The test page's link to the consent manager, as the charter's.
const REOPEN_LINK_ID = "cookielint-consent-manager";

function usage(message) {
  console.error(
    `${message}\nusage: node harness.cjs CHROMIUM NODE_MODULES COOKIELINT EXPORTS DECLARATION...`,
  );
  process.exit(2);
}

/// The drivers of managers/, by name.
function loadDrivers() {
  const folder = path.join(__dirname, "managers");
  const drivers = new Map();
  for (const file of fs
    .readdirSync(folder)
    .filter((name) => name.endsWith(".cjs"))
    .sort()) {
    const driver = require(path.join(folder, file));
    const expected = path.basename(file, ".cjs");
    const wrong = [
      ...(driver.name === expected ? [] : [`name is not "${expected}"`]),
      ...DRIVER_KEYS.filter((key) => driver[key] === undefined).map((key) => `no ${key}`),
    ];
    if (wrong.length > 0) {
      usage(`managers/${file}: ${wrong.join(", ")} (see the interface at the top of harness.cjs)`);
    }
    drivers.set(driver.name, driver);
  }
  return drivers;
}

/// `*` matches any run of characters in a declared name.
function namePattern(name) {
  const parts = name.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join(".*")}$`);
}

/// Seconds in a declared duration; null for `session`.
function durationSeconds(duration) {
  if (duration === "session") return null;
  const match =
    /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(
      duration,
    );
  if (!match) throw new Error(`${duration}: not a duration cookielint reads`);
  return match
    .slice(1)
    .reduce((total, count, index) => total + Number(count ?? 0) * DURATION_UNITS[index], 0);
}

/// What the checks need of a declaration.
function readDeclaration(yaml, file) {
  const document = yaml.parse(fs.readFileSync(file, "utf8"));
  const cookies = (document.cookies ?? []).map((cookie) => ({
    name: cookie.name,
    concreteName: cookie.name.replaceAll("*", "test"),
    path: cookie.attributes?.path ?? "/",
    firstParty: cookie.party === "first",
    needsConsent: cookie.consent === "required",
    storesConsent: cookie.stores_consent === true,
    duration: cookie.duration,
  }));
  const consentManager = document.site?.consent_manager ?? "";
  return {
    languages: document.site?.languages ?? ["en"],
    cookies,
    // Only a fragment is the export's to wire: a URL or a path is a page.
    reopeningFragment: consentManager.startsWith("#") ? consentManager : null,
  };
}

const CONTENT_TYPES = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".cjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".svg": "image/svg+xml",
};

/// Serves the test pages, the exports and the installed packages on
/// 127.0.0.1, on a port the system picks.
async function startServer(nodeModules, cases) {
  const send = (response, status, type, body) => {
    response.writeHead(status, { "content-type": type, "cache-control": "no-store" });
    response.end(body);
  };
  const sendFile = (response, file) => {
    fs.readFile(file, (error, body) => {
      if (error) send(response, 404, "text/plain", `${error.code}\n`);
      else
        send(response, 200, CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream", body);
    });
  };
  const server = http.createServer((request, response) => {
    const url = new URL(request.url, "http://127.0.0.1");
    const pathname = decodeURIComponent(url.pathname);
    let match;
    if ((match = /^\/(?:.+\/)?case\/(\d+)$/.exec(pathname)) && cases[match[1]]) {
      send(response, 200, CONTENT_TYPES[".html"], testPage(cases[match[1]]));
    } else if ((match = /^\/export\/(\d+)\.js$/.exec(pathname)) && cases[match[1]]) {
      sendFile(response, cases[match[1]].exportFile);
    } else if (pathname.startsWith("/node_modules/")) {
      const file = path.join(nodeModules, pathname.slice("/node_modules/".length));
      if (file.startsWith(nodeModules + path.sep)) sendFile(response, file);
      else send(response, 404, "text/plain", "outside node_modules\n");
    } else {
      send(response, 404, "text/plain", "not found\n");
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return server;
}

const htmlText = (text) => text.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);

/// The site's page: its cookies first, then the manager and its export.
function testPage(testCase) {
  const { driver, declaration, language, index } = testCase;
  const setCookies = presetCookies(declaration).map(
    ({ concreteName, path }) => `${concreteName}=test; path=${path}; SameSite=Lax`,
  );
  const assets = driver.assets
    .map((asset) =>
      asset.endsWith(".css")
        ? `<link rel="stylesheet" href="/node_modules/${asset}">`
        : `<script src="/node_modules/${asset}"></script>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="${htmlText(language)}">
<head>
<meta charset="utf-8">
<title>${htmlText(testCase.label)}</title>
<script>
const cookies = ${JSON.stringify(setCookies).replace(/</g, "\\u003c")};
for (const cookie of cookies) document.cookie = cookie;
const seen = document.cookie.split("; ").map((pair) => pair.split("=")[0]);
window.cookielintNotSet = cookies.map((cookie) => cookie.split("=")[0]).filter((name) => !seen.includes(name));
</script>
${assets}
</head>
<body>
<h1>${htmlText(testCase.label)}</h1>
${reopenLink(declaration)}
${driver.page({ configUrl: `/export/${index}.js`, language })}
</body>
</html>
`;
}

/// The charter's link to the consent manager, when it is a fragment.
function reopenLink({ reopeningFragment }) {
  if (reopeningFragment === null) return "";
  const href = htmlText(reopeningFragment);
  return `<p><a id="${REOPEN_LINK_ID}" href="${href}">${href}</a></p>`;
}

/// The first-party cookies the site has set by the time the banner runs:
/// every one a page can set, but the record of a choice not yet made.
function presetCookies(declaration) {
  return declaration.cookies.filter((cookie) => cookie.firstParty && !cookie.storesConsent);
}

/// Where the test page is served: under the deepest path a preset cookie
/// is set on, so that the page's script sees every cookie (when their paths
/// nest), as a page of that part of the site would; a manager erases only
/// the cookies the page sees.
function pageFolder(preset) {
  const deepest = preset
    .map((cookie) => cookie.path.split("/").filter(Boolean))
    .reduce((deepest, folders) => (folders.length > deepest.length ? folders : deepest), []);
  return `/${deepest.map((folder) => `${folder}/`).join("")}`;
}

/// The charter's categories and titles in `language`, as Chromium reads
/// the HTML `cookielint render` writes.
async function charterCategories(page, cookielint, declarationFile, language) {
  const html = execFileSync(
    cookielint,
    ["render", declarationFile, "--format", "html", "--lang", language],
    { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  await page.setContent(html);
  return page.$$eval("section.cookielint-category", (sections) =>
    sections.map((section) => ({
      category: section.id.replace(/^cookies-/, ""),
      title: section.querySelector("h2").textContent.trim(),
    })),
  );
}

/// A declaration's name in the checks and in EXPORTS.
const declarationName = (file) => path.basename(file).replace(/(\.cookies)?\.ya?ml$/, "");

const result = (ok, name, details = []) => ({ ok, name, details });

/// e2e-lib's lines: `PASS: name`, or `FAIL: name` and what explains it.
function print({ ok, name, details }) {
  console.log(`${ok ? "PASS" : "FAIL"}: ${name}`);
  if (ok) return;
  for (const detail of details.flatMap((text) => String(text).split("\n"))) {
    console.log(`    | ${detail}`);
  }
}

/// An error's message with the start of Playwright's call log, which says
/// what the step was waiting for.
const briefly = (error) =>
  String(error.message ?? error)
    .split("\n")
    .slice(0, 10)
    .join("\n");
const normalise = (text) => text.replace(/\s+/g, " ").trim();

/// Polls `condition` until it holds or the step's time is up: managers
/// erase and write cookies after the click, some of them asynchronously.
async function eventually(condition) {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  for (;;) {
    const result = await condition();
    if (result.ok || Date.now() > deadline) return result;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/// Check 1: the page loads, the banner shows.
async function checkBanner(page, driver, url, problems, check) {
  let failure = null;
  try {
    await page.goto(url, { waitUntil: "load" });
    await page.locator(driver.banner).first().waitFor({ state: "visible" });
  } catch (error) {
    failure = briefly(error);
  }
  const errors = problems.filter((problem) => problem.startsWith("uncaught "));
  return result(
    failure === null && errors.length === 0,
    check,
    failure ? [failure, ...problems] : problems,
  );
}

/// Check 2: the categories of the preferences are the charter's.
async function checkCategories(page, driver, charter, problems, check) {
  const expected = charter.map((section) => normalise(section.title));
  try {
    const titles = (await driver.categoriesShown(page)).map(normalise);
    const missing = expected.filter((title) => !titles.includes(title));
    const extra = titles.filter((title) => !expected.includes(title));
    return result(missing.length === 0 && extra.length === 0, check, [
      ...missing.map((title) => `missing: ${title}`),
      ...extra.map((title) => `not in the charter: ${title}`),
    ]);
  } catch (error) {
    return result(false, check, [briefly(error), ...problems]);
  }
}

/// Check 3, after the refusal: what needs consent is gone, the rest stays.
/// Gone before the refusal is as good (a manager may erase what has no
/// consent yet as it starts), but only if the page could set it.
async function checkCleared(context, preset, notSetByThePage, check) {
  const outcome = await eventually(async () => {
    const jar = new Set((await context.cookies()).map((cookie) => cookie.name));
    const details = [];
    for (const cookie of preset) {
      const name = cookie.concreteName;
      if (!notSetByThePage) details.push(`the page did not run: ${name} was never set`);
      else if (notSetByThePage.includes(name))
        details.push(`the page could not set ${name}: its absence proves nothing`);
      else if (cookie.needsConsent && jar.has(name))
        details.push(`still set after refusing: ${name}`);
      else if (!cookie.needsConsent && !jar.has(name))
        details.push(`erased, though it needs no consent: ${name}`);
    }
    return { ok: details.length === 0, details };
  });
  return result(outcome.ok, check, outcome.details);
}

/// Check 4: every cookie the manager wrote is a declared `stores_consent`
/// one, and lives as long as declared (a day either way).
async function checkRecord(context, preset, records, check) {
  const presetNames = new Set(preset.map((cookie) => cookie.concreteName));
  const days = (seconds) =>
    seconds === null ? "the session" : `${(seconds / DAY).toFixed(1)} days`;
  const outcome = await eventually(async () => {
    const written = (await context.cookies()).filter((cookie) => !presetNames.has(cookie.name));
    const details = written.length === 0 ? ["the manager wrote no cookie"] : [];
    for (const cookie of written) {
      const record = records.find((declared) => namePattern(declared.name).test(cookie.name));
      if (!record) {
        details.push(
          `the manager wrote ${cookie.name}, which is not a declared stores_consent cookie`,
        );
        continue;
      }
      const declared = durationSeconds(record.duration);
      const lifetime = cookie.expires === -1 ? null : cookie.expires - Date.now() / 1000;
      const wrong =
        declared === null
          ? lifetime !== null
          : lifetime === null || Math.abs(lifetime - declared) > DAY;
      if (wrong)
        details.push(
          `${cookie.name} lives ${days(lifetime)}, declared ${record.duration} (${days(declared)})`,
        );
    }
    return { ok: details.length === 0, details };
  });
  return result(outcome.ok, check, outcome.details);
}

/// Check 5: the preferences, closed after the refusal, show again when the
/// charter's link to the consent manager is clicked.
async function checkReopenedByTheLink(page, driver, problems, check) {
  const preferences = page.locator(driver.preferences).first();
  try {
    await preferences.waitFor({ state: "hidden" });
  } catch (error) {
    return result(false, check, [
      "the preferences still show after refusing: the link's effect cannot be seen",
      briefly(error),
    ]);
  }
  try {
    await page.locator(`#${REOPEN_LINK_ID}`).click();
    await preferences.waitFor({ state: "visible" });
    return result(true, check);
  } catch (error) {
    return result(false, check, [briefly(error), ...problems]);
  }
}

/// Check 6: a page of the site loaded with the fragment in its URL shows
/// the preferences (a new page: a fragment alone does not reload one).
async function checkOpenedOnLoad(context, driver, url, check) {
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  const problems = [];
  page.on("pageerror", (error) => problems.push(`uncaught ${error.stack ?? error}`));
  try {
    await page.goto(url, { waitUntil: "load" });
    await page.locator(driver.preferences).first().waitFor({ state: "visible" });
    return result(problems.length === 0, check, problems);
  } catch (error) {
    return result(false, check, [briefly(error), ...problems]);
  } finally {
    await page.close();
  }
}

/// The four (or six) checks' results for one export in one language, in a fresh
/// browser context: a first visit.
async function runCase(browser, origin, testCase) {
  const { driver, declaration, language } = testCase;
  const context = await browser.newContext({ locale: language });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  const problems = [];
  page.on("pageerror", (error) => problems.push(`uncaught ${error.stack ?? error}`));
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
  });
  const check = (text) => `${driver.name} ${testCase.declarationName} ${language}: ${text}`;
  const preset = presetCookies(declaration);
  const list = (names) => names.join(", ") || "no cookie";
  const presetNames = (needsConsent) =>
    list(
      preset
        .filter((cookie) => cookie.needsConsent === needsConsent)
        .map((cookie) => cookie.concreteName),
    );
  const clearCheck = check(`refusing clears ${presetNames(true)} and keeps ${presetNames(false)}`);
  const records = declaration.cookies.filter((cookie) => cookie.storesConsent && cookie.firstParty);
  const recordCheck = check(
    `the choice is kept in the declared stores_consent cookie (${list(records.map((cookie) => cookie.name))}) for its duration`,
  );
  const results = [];
  try {
    const url = `${origin}${pageFolder(preset)}case/${testCase.index}`;
    const shown = check("the banner shows, with no script error");
    results.push(await checkBanner(page, driver, url, problems, shown));
    const notSetByThePage = await page.evaluate(() => window.cookielintNotSet).catch(() => null);
    const categories = testCase.charter.map((section) => section.category).join(", ");
    const listed = check(
      `the preferences list the declared categories (${categories}) under the charter's titles`,
    );
    results.push(await checkCategories(page, driver, testCase.charter, problems, listed));
    try {
      await driver.refuse(page);
    } catch (error) {
      results.push(result(false, clearCheck, [`refusing failed: ${briefly(error)}`, ...problems]));
      results.push(result(false, recordCheck, ["refusing failed (above)"]));
      return results;
    }
    results.push(await checkCleared(context, preset, notSetByThePage, clearCheck));
    results.push(await checkRecord(context, preset, records, recordCheck));
    const fragment = declaration.reopeningFragment;
    if (fragment !== null) {
      const reopened = check(
        `the charter's consent-manager link (${fragment}) reopens the preferences`,
      );
      results.push(await checkReopenedByTheLink(page, driver, problems, reopened));
      const opened = check(`a page loaded with ${fragment} opens the preferences`);
      results.push(
        await checkOpenedOnLoad(context, driver, `${url}${encodeURI(fragment)}`, opened),
      );
    }
    return results;
  } catch (error) {
    results.push(result(false, check("the checks run to their end"), [briefly(error)]));
    return results;
  } finally {
    await context.close();
  }
}

async function main() {
  const [chromium, nodeModulesArgument, cookielint, exportsFolder, ...declarationFiles] =
    process.argv.slice(2);
  if (declarationFiles.length === 0) usage("five or more arguments expected");
  const nodeModules = path.resolve(nodeModulesArgument);
  const requireInstalled = createRequire(path.join(nodeModules, "..", "package.json"));
  const yaml = requireInstalled("yaml");
  const { chromium: playwright } = requireInstalled("playwright-core");
  const drivers = loadDrivers();

  const cases = [];
  for (const manager of fs.readdirSync(exportsFolder).sort()) {
    const driver = drivers.get(manager);
    if (!driver) usage(`${exportsFolder}/${manager}: no driver managers/${manager}.cjs`);
    for (const declarationFile of declarationFiles) {
      const declaration = readDeclaration(yaml, declarationFile);
      const name = declarationName(declarationFile);
      for (const language of declaration.languages) {
        cases.push({
          index: cases.length,
          label: `${manager} ${name} ${language}`,
          driver,
          declarationFile,
          declarationName: name,
          declaration,
          language,
          exportFile: path.join(exportsFolder, manager, `${name}.js`),
        });
      }
    }
  }

  // As a visitor's browser, not an automated one: cookieconsent shows no
  // banner where `navigator.webdriver` is true (its `hideFromBots`).
  const browser = await playwright.launch({
    executablePath: chromium,
    headless: true,
    args: ["--no-sandbox", "--disable-blink-features=AutomationControlled"],
  });
  const server = await startServer(nodeModules, cases);
  const origin = `http://127.0.0.1:${server.address().port}`;
  try {
    const charterPage = await browser.newPage();
    const charters = new Map();
    for (const testCase of cases) {
      const key = `${testCase.declarationFile}\n${testCase.language}`;
      if (!charters.has(key)) {
        const { declarationFile, language } = testCase;
        charters.set(
          key,
          await charterCategories(charterPage, cookielint, declarationFile, language),
        );
      }
      testCase.charter = charters.get(key);
    }
    await charterPage.close();

    // A few cases at a time, each in its own context; their lines in order.
    const outcomes = cases.map(() => {
      let resolve;
      const promise = new Promise((settle) => (resolve = settle));
      return { promise, resolve };
    });
    let next = 0;
    const workers = Array.from({ length: CONCURRENT_CASES }, async () => {
      while (next < cases.length) {
        const index = next++;
        outcomes[index].resolve(await runCase(browser, origin, cases[index]));
      }
    });
    let failures = 0;
    for (const outcome of outcomes) {
      for (const checked of await outcome.promise) {
        print(checked);
        if (!checked.ok) failures += 1;
      }
    }
    await Promise.all(workers);
    process.exitCode = failures > 0 ? 1 : 0;
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((error) => {
  console.log(`FAIL: the harness ran to its end`);
  console.log(
    `    | ${String(error.stack ?? error)
      .split("\n")
      .join("\n    | ")}`,
  );
  process.exit(1);
});

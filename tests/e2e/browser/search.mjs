// The search page and the search box of `smpsearch serve` in headless
// Chromium (Debian's chromium, driven by playwright-core):
//  - a visitor types a question and sees one best answer first, then
//    related ones, with a count of the good ones, the matched words
//    marked and links to the article's section; a loading state while
//    answers come; suggestions and answers by keyboard;
//  - the question is kept in the URL (?q=): a shared link runs it, Back
//    returns to the last question;
//  - the empty page offers starter questions; suggestions have no
//    duplicates or file names;
//  - branding (--title, --accent, --logo), the site's own template
//    (--page), and the box on another site's page (/widget.js, CORS);
//  - the treatment filter: chips of the categories with passage counts,
//    OR'd, kept in the URL (&category=), Back restores the choice, the
//    chosen one never shown at 0 and its siblings keep their counts, by
//    keyboard; filters="off" leaves it out of a site's box;
//  - a phone: nothing wider than the screen, no keyboard hint.
// Screenshots go to DOCS (docs/ of the source tree).
// Usage: node search.mjs SMPSEARCH INDEX DOCS
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync, mkdirSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const [bin, index, docs] = process.argv.slice(2);
let pass = 0, fail = 0;
function check(name, cond, detail = "") {
  if (cond) pass++;
  else { fail++; console.log(`FAIL: ${name} ${detail}`); }
}
const tmp = mkdtempSync(join(tmpdir(), "smpbrowser."));
mkdirSync(docs, { recursive: true });
const servers = [];

/* smpsearch serve with args on a free port: its URL */
async function serve(args) {
  const p = spawn(bin, ["serve", "--listen", "127.0.0.1:0", "--threads", "2", ...args],
                  { stdio: ["ignore", "pipe", "inherit"] });
  servers.push(p);
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error("the server did not start")), 10000);
    p.stdout.on("data", d => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) { clearTimeout(timer); resolve(m[0].replace(/\/$/, "")); }
    });
    p.on("exit", code => reject(new Error(`the server exited (${code})`)));
  });
}

/* a site of its own on another origin (localhost, not 127.0.0.1): pages
   from a map of path to HTML */
async function site(pages) {
  const srv = createServer((req, res) => {
    const body = pages[req.url.split("?")[0]];
    res.writeHead(body ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
    res.end(body || "not found");
  });
  await new Promise(r => srv.listen(0, "127.0.0.1", r));
  return { origin: `http://localhost:${srv.address().port}`, close: () => srv.close() };
}

/* the box's shadow root, in the page */
const init = () => { window.__sr = () => document.querySelector("smpsearch-box")?.shadowRoot; };
/* the answers to what is in the box are shown (no search pending) */
const settled = p => p.waitForFunction(() => {
  const r = window.__sr()?.getElementById("results");
  return r && r.getAttribute("aria-busy") === "false";
});
const cards = p => p.waitForFunction(() => window.__sr()?.querySelectorAll("#results .card").length > 0);
const statusText = p => p.evaluate(() => window.__sr().getElementById("status").textContent);
/* the filter's chips: [{ name, n (count or null), pressed }] */
const chips = p => p.evaluate(() => [...window.__sr().querySelectorAll("#filters button:not(.more)")].map(b => ({
  name: b.firstChild.textContent, n: b.querySelector(".n") ? +b.querySelector(".n").textContent.replace(/,/g, "") : null,
  pressed: b.getAttribute("aria-pressed") === "true" })));
const chipMap = list => Object.fromEntries(list.filter(c => c.name !== "All").map(c => [c.name, c.n]));
/* out of the box, its suggestions closed (Escape could clear the box) */
const leaveBox = async p => {
  await p.evaluate(() => window.__sr().getElementById("q").blur());
  await p.waitForSelector("#suggest", { state: "hidden" });
};
const urlCats = p => new URL(p.url()).searchParams.getAll("category");
const inBox = p => p.evaluate(() => { const r = window.__sr(); return r.activeElement === r.getElementById("q"); });

const logo = join(tmp, "logo.svg");
writeFileSync(logo, '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">' +
  '<circle cx="32" cy="32" r="30" fill="#0a7c6e"/><text x="32" y="42" font-size="28" text-anchor="middle" ' +
  'fill="#fff" font-family="sans-serif">N</text></svg>\n');
const template = join(tmp, "clinic.html");
writeFileSync(template, `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}} | Help</title>
<style>body { margin: 0; font-family: Georgia, serif; background: #f4f1ea; }
.bar { background: #0a7c6e; color: #fff; padding: 1rem; } .wrap { max-width: 42rem; margin: 0 auto; padding: 1rem; }</style>
</head><body><div class="bar" id="clinic-header">{{logo}} Northline Clinic</div>
<div class="wrap"><h1>{{title}}</h1>
<!-- smpsearch -->
<footer id="clinic-footer">12 High Street</footer></div></body></html>
`);
/* a little site whose suggestions could repeat: a title made from a file
   name, one heading twice in two spellings */
const dupSite = join(tmp, "dup");
mkdirSync(dupSite);
writeFileSync(join(dupSite, "lash-lift-aftercare.md"), "No title here, only lash lift aftercare.\n\n## Aftercare\n\nKeep lashes dry.\n");
writeFileSync(join(dupSite, "b.md"), "---\ntitle: Lash lift questions\n---\n## How long does a lash lift last?\n\nSix weeks.\n\n## How long does a lash lift last\n\nAbout six weeks.\n");
writeFileSync(join(dupSite, "c.md"), "---\ntitle: Lash lift FAQ\n---\n## How long does a lash lift last?\n\nSix to eight weeks.\n");
const dupIndex = join(tmp, "dup.idx");
execFileSync(bin, ["index", "-q", "-o", dupIndex, dupSite]);

/* a site of ten categories, "kind 10" in the most articles, "kind 01" in
   the fewest: more than the chips shown at first */
const catSite = join(tmp, "cats");
mkdirSync(catSite);
for (let i = 1; i <= 10; i++)
  for (let j = 1; j <= i; j++)   /* i articles of kind i */
    writeFileSync(join(catSite, `t${i}-${j}.md`), `---\ntitle: Treatment ${i}.${j}\ncategories: [kind ${String(i).padStart(2, "0")}]\n---\n` +
      `## Aftercare\n\nKeep it dry for ${j} days.\n`);
const catIndex = join(tmp, "cats.idx");
execFileSync(bin, ["index", "-q", "-o", catIndex, catSite]);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu"],
});
let host;
try {
  const title = "Northline <Clinic> & Co";
  const url = await serve(["--index", index, "--base-url", "https://clinic.example/",
                           "--title", title, "--accent", "#0a7c6e", "--logo", logo]);
  const ctx = await browser.newContext({ viewport: { width: 900, height: 1000 } });
  await ctx.addInitScript(init);
  const page = await ctx.newPage();
  const dialogs = [], errors = [];
  page.on("dialog", d => { dialogs.push(d.message()); d.dismiss(); });
  page.on("pageerror", e => errors.push(String(e)));
  page.on("console", m => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(url + "/");

  // branding: the title (escaped, so shown as typed), the accent, the logo
  check("--title is the page title", (await page.title()) === title, await page.title());
  check("--title is the heading", (await page.locator("h1").innerText()) === title);
  const logoOk = await page.evaluate(() => { const i = document.querySelector("header img");
    return i && i.complete && i.naturalWidth > 0 && i.getAttribute("src") === "/logo"; });
  check("--logo is shown", logoOk);
  check("--accent colours the heading", (await page.locator("h1").evaluate(e => getComputedStyle(e).color)) === "rgb(10, 124, 110)");
  check("the search box has focus", await inBox(page));

  // the empty page: starter questions, no duplicates, no slugs
  await page.waitForFunction(() => window.__sr().querySelectorAll("#starters button").length > 0);
  const starters = await page.locator("#starters button").allInnerTexts();
  check("starter questions", starters.length >= 4 && starters.every(s => /^[A-Z].* .*\?$/.test(s)),
        JSON.stringify(starters));
  check("starters differ", new Set(starters.map(s => s.toLowerCase())).size === starters.length);
  check("desktop shows the keyboard hint", await page.locator(".hint").isVisible());
  await page.screenshot({ path: join(docs, "page-start.png") });
  await page.locator("#starters button").first().click();
  await page.waitForFunction(s => new URLSearchParams(location.search).get("q") === s, starters[0]);
  await cards(page);
  check("a starter asks its question", (await page.locator("#q").inputValue()) === starters[0]);
  check("starters hidden with answers", !(await page.locator("#starters").isVisible()));

  // a question typed as a person types it, with a visible loading state
  let release;
  const held = new Promise(r => { release = r; });
  await page.route("**/api/search?**", async route => { await held; await route.continue().catch(() => {}); }); /* unrouted meanwhile: handled */
  const box = page.getByRole("combobox", { name: "Your question" });
  await box.fill("");
  await box.pressSequentially("how long does a lash lift last", { delay: 40 });
  await page.waitForFunction(() => window.__sr().querySelector("#status .spinner") !== null);
  check("loading: a spinner and words", /Searching/.test(await statusText(page)) &&
        await page.locator("#status .spinner").isVisible());
  check("loading: the answers are busy", (await page.locator("#results").getAttribute("aria-busy")) === "true");
  release();
  await page.unroute("**/api/search?**");
  await settled(page);
  await cards(page);
  await page.waitForFunction(() => /good answer/.test(window.__sr().getElementById("status").textContent));

  // one best answer first, then related ones; the count says how many are good
  const best = page.locator("#results .card").first();
  check("the first card is the best answer", (await best.getAttribute("class")).includes("best") &&
        (await best.locator(".label").innerText()).toLowerCase() === "best answer");
  check("only one best answer", (await page.locator("#results .best").count()) === 1);
  const heading = await best.locator("h3").innerText();
  check("best answer is about lash lifts", /lash lift/i.test(heading), heading);
  const answer = await best.locator(".answer").innerText();
  check("the answer gives a duration", /week/i.test(answer), answer);
  const marks = await best.locator(".answer mark").allInnerTexts();
  check("matched words are marked", marks.some(m => /lash|lift|last/i.test(m)), JSON.stringify(marks));
  const related = await page.locator("#results ol.related > li").count();
  check("related answers follow", related >= 2, String(related));
  const status = await statusText(page);
  const m = status.match(/^(\d+) good answers? · (\d+) related/);
  check("the count is of good answers, not of passages", m && +m[1] >= 1 && +m[1] <= related &&
        +m[2] === related && +m[1] < 8, status);
  const agree = best.locator(".agree");
  check("agreeing articles are named under the best", /^Also 6\u20138 weeks in: /.test(await agree.innerText()) &&
        (await agree.locator("a").count()) >= 1);
  // links to the article's section (--base-url), the answer highlighted there
  const href = await best.locator("h3 a").getAttribute("href");
  check("links go to the article's section", /^https:\/\/clinic\.example\/[^#]+\/#how-long-does-a-lash-lift-last/.test(href), href);
  const relHrefs = await page.locator("#results ol.related h3 a").evaluateAll(as => as.map(a => a.getAttribute("href")));
  check("related answers link to sections too", relHrefs.every(h => /^https:\/\/clinic\.example\/.+#.+/.test(h)), JSON.stringify(relHrefs));
  check("the question is in the URL", new URL(page.url()).searchParams.get("q") === "how long does a lash lift last", page.url());
  await page.keyboard.press("Escape");
  await page.waitForSelector("#suggest", { state: "hidden" });
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(docs, "page-desktop.png"), fullPage: true });

  // keyboard: down from the box to the answers, and "/" back
  await box.focus();
  await page.keyboard.press("ArrowDown");
  const at = () => page.evaluate(() => [...window.__sr().querySelectorAll("#results h3 a")].indexOf(window.__sr().activeElement));
  check("ArrowDown reaches the answers", (await at()) === 0);
  await page.keyboard.press("ArrowDown");
  check("ArrowDown moves to the next answer", (await at()) === 1);
  await page.keyboard.press("/");
  check("/ goes back to the question", await inBox(page));

  // suggestions: arrow to one, Enter searches it; a new history entry
  await box.fill("");
  await box.pressSequentially("does it hu", { delay: 40 });
  await page.waitForSelector("#suggest li", { state: "visible" });
  await page.keyboard.press("ArrowDown");
  const chosen = await page.locator("#suggest li[aria-selected=true]").innerText();
  check("a suggestion is selected", chosen.length > 0, chosen);
  check("the box points at it", (await box.getAttribute("aria-activedescendant")) !== null);
  await page.keyboard.press("Enter");
  await page.waitForFunction(t => new URLSearchParams(location.search).get("q") === t, chosen);
  await settled(page);
  await cards(page);
  check("Enter searches the suggestion", (await box.inputValue()) === chosen);

  // Back returns to the last question, Forward to this one
  await page.goBack();
  await page.waitForFunction(() => window.__sr().getElementById("q").value === "how long does a lash lift last");
  await settled(page);
  check("Back shows the last question's answers", /lash lift/i.test(await page.locator("#results .best h3").innerText()));
  await page.goForward();
  await page.waitForFunction(t => window.__sr().getElementById("q").value === t, chosen);
  check("Forward returns", true);

  // a shared link runs its question
  const shared = await ctx.newPage();
  await shared.goto(url + "/?q=" + encodeURIComponent("does microblading hurt"));
  await cards(shared);
  check("?q= runs the question", (await shared.locator("#q").inputValue()) === "does microblading hurt" &&
        /microblading/i.test(await shared.locator("#results .best h3").innerText()));
  await shared.close();

  // a question that names no treatment: an answer per treatment first
  await box.fill("");
  await box.pressSequentially("how long does it last", { delay: 30 });
  await page.waitForFunction(() => window.__sr().querySelectorAll("#results .topics li").length >= 2);
  const topics = await page.locator("#results .topics li").allInnerTexts();
  check("an answer per treatment", topics.some(t => /^scalp micropigmentation: /.test(t)) &&
        topics.some(t => /^lash lift: .*week/.test(t)), JSON.stringify(topics));

  // the treatment filter: a chip per category with its passages, "All" chosen
  await box.fill("");
  await box.pressSequentially("how long does it last", { delay: 30 });
  await page.waitForFunction(() => window.__sr().querySelectorAll("#filters button").length > 2);
  await settled(page);
  await leaveBox(page);   /* the suggestions would cover the chips */
  const before = await chips(page);
  check("filter: named for the treatment", (await page.locator("#filters").getAttribute("aria-label")) === "Treatment" &&
        (await page.locator("#filters").getAttribute("role")) === "group");
  check("filter: 'All' first and chosen", before[0].name === "All" && before[0].pressed && before.slice(1).every(c => !c.pressed),
        JSON.stringify(before));
  const counts0 = chipMap(before);
  check("filter: the bundled categories with counts", counts0["scalp micropigmentation"] > 0 && counts0["lash lift"] > 0 &&
        Object.keys(counts0).length >= 5 && Object.values(counts0).every(n => n >= 1), JSON.stringify(counts0));
  check("filter: most passages first", Object.values(counts0).every((n, i, a) => !i || a[i - 1] >= n));
  check("filter: toggle buttons", await page.evaluate(() =>
    [...window.__sr().querySelectorAll("#filters button:not(.more)")].every(b => b.type === "button" && b.hasAttribute("aria-pressed"))));
  check("filter: no category in the URL yet", urlCats(page).length === 0, page.url());

  // choosing one: the answers come from it, its siblings keep their counts
  const picked = page.waitForResponse(r => r.url().includes("/api/search?") && new URL(r.url()).searchParams.getAll("category").includes("lash lift"));
  await page.locator("#filters button", { hasText: /^lash lift/ }).click();
  const lashData = await (await picked).json();
  await page.waitForFunction(() => new URLSearchParams(location.search).getAll("category").join("|") === "lash lift");
  await settled(page);
  await cards(page);
  check("filter: the URL holds the choice beside the question", new URL(page.url()).searchParams.get("q") === "how long does it last" &&
        urlCats(page).join("|") === "lash lift", page.url());
  check("filter: the API was asked for that category's answers", lashData.results.length > 0 &&
        lashData.results.every(r => r.article.categories.some(c => c.toLowerCase() === "lash lift")));
  const shownTitles = await page.locator("#results .source").allInnerTexts();
  const lashTitles = new Set(lashData.results.map(r => r.article.title));
  check("filter: the page shows only those answers", shownTitles.length > 0 && shownTitles.every(t => lashTitles.has(t)),
        JSON.stringify(shownTitles));
  const after = await chips(page);
  const lashChip = after.find(c => c.name === "lash lift");
  check("filter: the chosen chip pressed, 'All' not", lashChip && lashChip.pressed && !after[0].pressed &&
        after.filter(c => c.pressed).length === 1, JSON.stringify(after));
  check("filter: the chosen chip keeps its count", lashChip && lashChip.n === counts0["lash lift"] &&
        lashChip.n >= lashData.results.length, JSON.stringify(lashChip));
  check("filter: siblings keep their counts", JSON.stringify(chipMap(after)) === JSON.stringify(counts0),
        JSON.stringify(chipMap(after)));
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(docs, "page-filter.png"), fullPage: true });

  // by keyboard: a second category (OR), focus stays on the chip
  const ext = page.locator("#filters button", { hasText: /^lash extensions/ });
  await ext.focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => new URLSearchParams(location.search).getAll("category").length === 2);
  await settled(page);
  await page.waitForFunction(() => window.__sr().querySelectorAll("#filters button[aria-pressed=true]").length === 2);
  check("filter: Enter on a chip adds it (OR)", urlCats(page).join("|") === "lash lift|lash extensions", page.url());
  check("filter: focus stays on the chip", await page.evaluate(() =>
    /^lash extensions/.test(window.__sr().activeElement?.textContent || "")));
  await page.keyboard.press("Space");
  await page.waitForFunction(() => new URLSearchParams(location.search).getAll("category").length === 1);
  await settled(page);
  check("filter: Space lets it go", urlCats(page).join("|") === "lash lift" &&
        (await chips(page)).filter(c => c.pressed).map(c => c.name).join("|") === "lash lift");

  // Back restores the choices, one step at a time
  await page.goBack();
  await page.waitForFunction(() => window.__sr().querySelectorAll("#filters button[aria-pressed=true]").length === 2);
  await settled(page);
  check("filter: Back restores two chosen", (await chips(page)).filter(c => c.pressed).map(c => c.name).sort().join("|") ===
        "lash extensions|lash lift");
  await page.goBack();
  await page.waitForFunction(() => new URLSearchParams(location.search).getAll("category").length === 1);
  await page.goBack();
  await page.waitForFunction(() => new URLSearchParams(location.search).getAll("category").length === 0);
  await page.waitForFunction(() => window.__sr().querySelector("#filters button[aria-pressed=true]")?.textContent === "All");
  await settled(page);
  check("filter: Back to no choice, 'All' chosen again", JSON.stringify(chipMap(await chips(page))) === JSON.stringify(counts0) &&
        (await box.inputValue()) === "how long does it last");
  await page.goForward();
  await page.waitForFunction(() => new URLSearchParams(location.search).getAll("category").join("|") === "lash lift");
  await page.waitForFunction(() => /^lash lift/.test(window.__sr().querySelector("#filters button[aria-pressed=true]")?.textContent));
  check("filter: Forward returns to the choice", true);
  // the choice stays for the next question, in the URL beside it
  await box.fill("does it hurt");
  await settled(page);
  await cards(page);
  await leaveBox(page);
  await page.waitForFunction(() => new URLSearchParams(location.search).get("q") === "does it hurt");
  check("filter: kept for the next question", urlCats(page).join("|") === "lash lift" &&
        (await chips(page)).some(c => c.name === "lash lift" && c.pressed && c.n > 0));
  await page.locator("#filters button", { hasText: /^All$/ }).click();
  await page.waitForFunction(() => new URLSearchParams(location.search).getAll("category").length === 0);
  await settled(page);
  check("filter: 'All' lets every choice go", (await chips(page))[0].pressed);

  // a question whose answers are all of one category
  const one = await ctx.newPage();
  await one.goto(url + "/?q=finasteride");
  await cards(one);
  await settled(one);
  check("filter: no chips when the answers have one category", await one.locator("#filters").isHidden());
  await one.goto(url + "/?q=finasteride&category=" + encodeURIComponent("hair loss"));
  await cards(one);
  await one.waitForFunction(() => window.__sr().querySelectorAll("#filters button").length > 0);
  const oneChips = await chips(one);
  check("filter: a shared link with a category: the chip chosen, with its count", oneChips.length === 2 &&
        oneChips[1].name === "hair loss" && oneChips[1].pressed && oneChips[1].n > 0 &&
        oneChips[1].n >= (await one.locator("#results .card").count()), JSON.stringify(oneChips));
  // a chosen category that has no answer: said so, never "0"
  await one.goto(url + "/?q=finasteride&category=eyeliner");
  await one.waitForFunction(() => /No answer in eyeliner/.test(window.__sr().getElementById("status").textContent));
  const none = await chips(one);
  check("filter: a chosen category without answers: no '0'", none.some(c => c.name === "eyeliner" && c.pressed && c.n === null) &&
        !(await one.locator("#filters").innerText()).split(/\s+/).includes("0"), JSON.stringify(none));
  await one.close();

  // a misspelt question is corrected, and said so
  await box.fill("");
  await box.pressSequentially("microbladng", { delay: 30 });
  await page.waitForFunction(() => /showing results for/.test(window.__sr().getElementById("status").textContent));
  check("spelling corrected", true);

  // a question the articles do not answer: no best answer, no count
  await box.fill("what are your opening hours on sunday");
  await settled(page);
  await page.waitForFunction(() => /do not seem to answer/.test(window.__sr().getElementById("status").textContent));
  check("no best answer when nothing answers", (await page.locator("#results .best").count()) === 0);

  // markup typed in the box stays text
  await box.fill("<img src=x onerror=alert(1)> lash");
  await settled(page);
  await cards(page);
  check("no markup from the question runs", dialogs.length === 0 && (await page.locator("#results img").count()) === 0);

  // a question of one word: many answers, none said to be the one
  await box.fill("lash");
  await settled(page);
  await page.waitForFunction(() => /Many answers/.test(window.__sr().getElementById("status").textContent));
  check("one word: no count of good answers", true);
  // a full question whose answers are all close to the best is not told to say more
  await box.fill("does scalp micropigmentation hurt");
  await settled(page);
  await cards(page);
  const full = await page.evaluate(() => window.__sr().getElementById("status").textContent);
  check("a full question: its good answers counted, not 'a fuller question'", /good answer/.test(full) && !/fuller question/.test(full));

  // nothing found; the empty box brings the starters back
  await box.fill("zzqx qqzz");
  await settled(page);
  await page.waitForFunction(() => /No answer/.test(window.__sr().getElementById("status").textContent));
  check("no answer is said plainly", (await page.locator("#results .card").count()) === 0);
  await box.fill("");
  await page.waitForFunction(() => !window.__sr().getElementById("starters").hidden);
  check("the empty box shows the starters again", !new URL(page.url()).searchParams.has("q"));
  check("no script errors", errors.length === 0, errors.join("; "));

  // a phone: nothing wider than the screen, no keyboard hint
  const phoneCtx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true,
                                              hasTouch: true, deviceScaleFactor: 2 });
  await phoneCtx.addInitScript(init);
  const phone = await phoneCtx.newPage();
  await phone.goto(url + "/?q=" + encodeURIComponent("does scalp micropigmentation hurt") +
                   "&category=" + encodeURIComponent("scalp micropigmentation"));
  await cards(phone);
  await phone.waitForFunction(() => window.__sr().querySelectorAll("#filters button").length > 2);
  const row = await phone.evaluate(() => { const f = window.__sr().getElementById("filters");
    const b = [...f.querySelectorAll("button")], r = f.getBoundingClientRect();
    return { one: b.every(x => Math.abs(x.getBoundingClientRect().top - b[0].getBoundingClientRect().top) < 2),
             scrolls: f.scrollWidth > f.clientWidth, inside: r.right <= window.innerWidth };
  });
  check("phone: the chips are one row that scrolls", row.one && row.scrolls && row.inside, JSON.stringify(row));
  check("phone: the chosen chip is in view", await phone.evaluate(() => {
    const b = window.__sr().querySelector("#filters button[aria-pressed=true]");
    return /^scalp micropigmentation/.test(b.textContent) && b.getBoundingClientRect().right <= window.innerWidth; }));
  const widths = await phone.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  check("fits a phone screen", widths[0] <= widths[1], JSON.stringify(widths));
  check("touch screens: the hint is matched as touch", await phone.evaluate(() => matchMedia("(hover: none), (pointer: coarse)").matches));
  check("touch screens: no keyboard hint", !(await phone.locator(".hint").isVisible()));
  /* the first screen, as the phone shows it (a full-page picture would
     resize the window and lose the touch emulation) */
  await phone.screenshot({ path: join(docs, "page-phone.png") });
  await phoneCtx.close();

  // the site's own template
  const turl = await serve(["--index", index, "--page", template, "--title", "Ask Northline", "--accent", "teal"]);
  const tpage = await ctx.newPage();
  await tpage.goto(turl + "/?q=" + encodeURIComponent("lash lift aftercare"));
  await cards(tpage);
  check("template: its own header and footer", (await tpage.locator("#clinic-header").isVisible()) &&
        (await tpage.locator("#clinic-footer").isVisible()));
  check("template: {{title}} filled in", (await tpage.title()) === "Ask Northline | Help" &&
        (await tpage.locator("h1").innerText()) === "Ask Northline");
  check("template: the box sits at the placeholder", await tpage.evaluate(() =>
    document.querySelector("h1").nextElementSibling.tagName === "SMPSEARCH-BOX"));
  check("template: --accent on the box", (await tpage.locator(".best h3 a").evaluate(e => getComputedStyle(e).color)) === "rgb(0, 128, 128)");
  await tpage.close();

  // suggestions without duplicates or file names
  const durl = await serve(["--index", dupIndex]);
  const dpage = await ctx.newPage();
  await dpage.goto(durl + "/");
  await dpage.waitForFunction(() => window.__sr()?.querySelectorAll("#starters button").length > 0);
  const dbox = dpage.getByRole("combobox", { name: "Your question" });
  await dbox.pressSequentially("lash", { delay: 40 });
  await dpage.waitForSelector("#suggest li", { state: "visible" });
  const sugs = await dpage.locator("#suggest li").allInnerTexts();
  const keys = sugs.map(s => s.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim());
  check("suggestions: no duplicates", new Set(keys).size === keys.length, JSON.stringify(sugs));
  check("suggestions: no file names", sugs.every(s => !/^[\w.-]*-[\w.-]*$/.test(s)), JSON.stringify(sugs));
  check("suggestions: one 'How long does a lash lift last?'", sugs.filter(s => /^how long does a lash lift last/i.test(s)).length === 1,
        JSON.stringify(sugs));
  const dstart = await dpage.locator("#starters button").allInnerTexts();
  check("starters: no duplicates", dstart.length === 1 && dstart[0] === "How long does a lash lift last?", JSON.stringify(dstart));
  await dpage.close();

  // many categories: the eight most common, "+2 more" for the rest; a
  // chosen one among the rest is shown all the same
  const curl = await serve(["--index", catIndex]);
  const cpage = await ctx.newPage();
  await cpage.goto(curl + "/?q=aftercare");
  await cpage.waitForFunction(() => window.__sr().querySelectorAll("#filters button").length > 2);
  check("filter: eight categories at first", (await chips(cpage)).length === 9 &&
        (await cpage.locator("#filters button.more").innerText()) === "+2 more", JSON.stringify(await chips(cpage)));
  await cpage.locator("#filters button.more").focus();
  await cpage.keyboard.press("Enter");
  await cpage.waitForFunction(() => window.__sr().querySelectorAll("#filters button").length === 11);
  check("filter: '+2 more' shows the rest, focus on the first of them", (await chips(cpage)).length === 11 &&
        await cpage.evaluate(() => window.__sr().activeElement === window.__sr().querySelectorAll("#filters button")[9]));
  await cpage.goto(curl + "/?q=aftercare&category=" + encodeURIComponent("kind 01"));
  await cpage.waitForFunction(() => window.__sr().querySelectorAll("#filters button").length > 2);
  const few = await chips(cpage);
  check("filter: a chosen one beyond the eight is shown", few.length === 10 && few.some(c => c.name === "kind 01" && c.pressed && c.n > 0),
        JSON.stringify(few));
  await cpage.close();

  // the box on another site: a page of its own, from another origin
  const pages = {};
  host = await site(pages);
  const wurl = await serve(["--index", index, "--cors", host.origin]);
  const hostPage = (body) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Northline Clinic</title>
<style>body { margin: 0; font-family: Georgia, serif; background: #f4f1ea; color: #222; }
header { background: #0a7c6e; color: #fff; padding: 1rem 1.5rem; font-size: 1.3rem; }
main { max-width: 40rem; margin: 0 auto; padding: 1rem; } li { color: red; } a { color: orange; }</style></head>
<body><header>Northline Clinic &middot; Lashes &amp; Brows</header><main><h1>Questions before your visit</h1>
${body}</main></body></html>`;
  Object.assign(pages, {
    "/help.html": hostPage(`<p>Ask us anything about your treatment.</p>
<smpsearch-box accent="#0a7c6e" placeholder="Ask about your treatment"></smpsearch-box>
<script src="${wurl}/widget.js" async></script>`),
    "/plain.html": hostPage(`<smpsearch-box filters="off"></smpsearch-box>
<script src="${wurl}/widget.js" async></script>`),
    "/faq.html": hostPage(`<div id="search"></div>
<script src="${wurl}/widget.js" data-smpsearch-api="${wurl}" data-smpsearch-target="#search" data-smpsearch-history></script>`),
  });
  const wctx = await browser.newContext({ viewport: { width: 900, height: 900 } });
  await wctx.addInitScript(init);
  const wpage = await wctx.newPage();
  const werrors = [];
  wpage.on("pageerror", e => werrors.push(String(e)));
  await wpage.goto(host.origin + "/help.html");
  await wpage.waitForFunction(() => window.__sr()?.querySelectorAll("#starters button").length > 0);
  check("widget: starters from the API", (await wpage.locator("#starters button").count()) >= 4);
  const wbox = wpage.getByRole("combobox", { name: "Your question" });
  await wbox.pressSequentially("how long does a lash lift last", { delay: 30 });
  await settled(wpage);
  await cards(wpage);
  await wpage.keyboard.press("Escape");
  check("widget: a best answer", /lash lift/i.test(await wpage.locator(".best h3").innerText()));
  check("widget: the site's styles stay out", (await wpage.locator("ol.related li").first().evaluate(e => getComputedStyle(e).color)) !== "rgb(255, 0, 0)");
  const whref = await wpage.locator(".best h3 a").evaluate(a => a.href);
  check("widget: links to the section on the site itself", whref.startsWith(host.origin + "/") && whref.includes("#"), whref);
  await wpage.waitForFunction(() => window.__sr().querySelectorAll("#filters button").length > 2);
  check("widget: the treatment filter on another site", (await chips(wpage)).some(c => c.name === "lash lift" && c.n > 0));
  await wpage.locator("#filters button", { hasText: /^lash lift/ }).click();
  await wpage.waitForFunction(() => /^lash lift/.test(window.__sr().querySelector("#filters button[aria-pressed=true]")?.textContent));
  await settled(wpage);
  check("widget: the site's URL untouched without history", !new URL(wpage.url()).search);
  check("widget: no errors", werrors.length === 0, werrors.join("; "));
  await wpage.mouse.move(0, 0);
  await wpage.screenshot({ path: join(docs, "widget.png"), fullPage: true });
  // filters="off": no chips, no facets asked for
  const asked = [];
  wpage.on("request", r => { if (r.url().includes("/api/search?")) asked.push(r.url()); });
  await wpage.goto(host.origin + "/plain.html");
  await wpage.getByRole("combobox", { name: "Your question" }).fill("how long does it last");
  await cards(wpage);
  await settled(wpage);
  check("widget: filters=\"off\" shows no chips", await wpage.locator("#filters").isHidden() &&
        (await wpage.locator("#filters button").count()) === 0);
  check("widget: filters=\"off\" asks for no facets", asked.length > 0 && asked.every(u => !/[?&](facets|category)=/.test(u)),
        JSON.stringify(asked));
  await wpage.goto(host.origin + "/faq.html?q=" + encodeURIComponent("does a lash lift hurt"));
  await cards(wpage);
  check("widget: data-smpsearch-target and history", /hurt|pain|uncomfortable|feel/i.test(await wpage.locator(".best").innerText()));
  // no --cors for the site: the box says it cannot reach the search
  const nocors = await serve(["--index", index]);
  await wpage.setContent(hostPage(`<smpsearch-box api="${nocors}"></smpsearch-box><script src="${nocors}/widget.js"></script>`));
  await wpage.waitForFunction(() => customElements.get("smpsearch-box"));
  await wpage.getByRole("combobox", { name: "Your question" }).fill("lash lift");
  await wpage.waitForFunction(() => /not reachable/.test(window.__sr().getElementById("status").textContent));
  check("widget: a site without CORS is told", true);
  await wctx.close();
  await ctx.close();
} finally {
  await browser.close();
  if (host) host.close();
  for (const p of servers) p.kill("SIGTERM");
  rmSync(tmp, { recursive: true, force: true });
}
console.log(`${pass} passed, ${fail} failed`);
process.exit(fail ? 1 : 0);

// The search page of `smpsearch serve` in headless Chromium (Debian's
// chromium, driven by playwright-core): a visitor types a question, sees
// answers with the matched words marked, moves through suggestions and
// answers with the keyboard, and the page fits a phone.  Saves a
// screenshot.  Usage: node search.mjs SMPSEARCH INDEX SCREENSHOT.png
import { spawn } from "node:child_process";
import { chromium } from "playwright-core";

const [bin, index, shot] = process.argv.slice(2);
let pass = 0, fail = 0;
function check(name, cond, detail = "") {
  if (cond) pass++;
  else { fail++; console.log(`FAIL: ${name} ${detail}`); }
}

const server = spawn(bin, ["serve", "--index", index, "--listen", "127.0.0.1:0", "--threads", "2"],
                     { stdio: ["ignore", "pipe", "inherit"] });
const url = await new Promise((resolve, reject) => {
  let out = "";
  const timer = setTimeout(() => reject(new Error("the server did not start")), 10000);
  server.stdout.on("data", d => {
    out += d;
    const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
    if (m) { clearTimeout(timer); resolve(m[0]); }
  });
  server.on("exit", code => reject(new Error(`the server exited (${code})`)));
});

/* the answers to what is in the box are shown (no search pending) */
const settled = p => p.waitForSelector('#results[aria-busy="false"]', { state: "attached" });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu"],
});
try {
  const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
  const dialogs = [];
  page.on("dialog", d => { dialogs.push(d.message()); d.dismiss(); });
  const errors = [];
  page.on("pageerror", e => errors.push(String(e)));
  await page.goto(url);
  check("title", (await page.title()).length > 0);
  const box = page.getByRole("combobox", { name: "Your question" });
  check("the search box has focus", await box.evaluate(e => e === document.activeElement));

  // a question typed as a person types it: results appear as they type
  await box.pressSequentially("how long does a lash lift last", { delay: 40 });
  await settled(page);
  await page.waitForFunction(() => document.querySelectorAll("#results li").length > 0);
  const first = page.locator("#results li").first();
  const heading = await first.locator("h2").innerText();
  check("first answer is about lash lifts", /lash lift/i.test(heading), heading);
  const answer = await first.locator(".answer").innerText();
  check("the answer gives a duration", /week/i.test(answer), answer);
  const marks = await first.locator(".answer mark").allInnerTexts();
  check("matched words are marked", marks.length > 0 && marks.some(m => /lash|lift|last/i.test(m)),
        JSON.stringify(marks));
  check("the article title is shown", (await first.locator(".source").innerText()).length > 0);
  check("the answer links somewhere", (await first.locator("h2 a").getAttribute("href")).length > 0);
  check("the status counts answers", /answer/.test(await page.locator("#status").innerText()));
  /* other articles saying the same (6-8 weeks) are named under the first */
  const agree = first.locator(".agree");
  const agreeText = (await agree.isVisible()) ? await agree.innerText() : "";
  check("agreeing articles are named, not repeated", /^Also 6\u20138 weeks in: /.test(agreeText) &&
        (await agree.locator("a").count()) >= 1, agreeText);
  await page.keyboard.press("Escape"); /* the suggestions closed, for the picture */
  await page.waitForSelector("#suggest", { state: "hidden" });
  await page.screenshot({ path: shot, fullPage: false });

  // keyboard: down from the box to the answers, and "/" back
  check("Escape closed the suggestions and kept the question",
        (await box.inputValue()) === "how long does a lash lift last");
  await box.focus();
  await page.keyboard.press("ArrowDown");
  const focused = await page.evaluate(() => document.activeElement.closest("#results") !== null);
  check("ArrowDown reaches the answers", focused);
  await page.keyboard.press("ArrowDown");
  const second = await page.evaluate(() => [...document.querySelectorAll("#results h2 a")].indexOf(document.activeElement));
  check("ArrowDown moves to the next answer", second === 1, String(second));
  await page.keyboard.press("/");
  check("/ goes back to the question", await box.evaluate(e => e === document.activeElement));

  // suggestions: arrow to one, Enter searches it
  await box.fill("");
  await box.pressSequentially("does it hu", { delay: 40 });
  await page.waitForSelector("#suggest li", { state: "visible" });
  await page.keyboard.press("ArrowDown");
  const chosen = await page.locator("#suggest li[aria-selected=true]").innerText();
  check("a suggestion is selected", chosen.length > 0, chosen);
  check("the box points at it", (await box.getAttribute("aria-activedescendant")) !== null);
  await page.keyboard.press("Enter");
  await page.waitForFunction(t => document.getElementById("q").value === t, chosen);
  await settled(page);
  await page.waitForFunction(() => document.querySelectorAll("#results li").length > 0);
  check("Enter searches the suggestion", true);

  // a question that names no treatment: an answer per treatment first
  await box.fill("");
  await box.pressSequentially("how long does it last", { delay: 30 });
  await page.waitForFunction(() => document.querySelectorAll("#results .topics li").length >= 2);
  const topics = await page.locator("#results .topics li").allInnerTexts();
  check("an answer per treatment", topics.some(t => /^scalp micropigmentation: /.test(t)) &&
        topics.some(t => /^lash lift: .*week/.test(t)), JSON.stringify(topics));

  // a misspelt question is corrected, and said so
  await box.fill("");
  await box.pressSequentially("microbladng", { delay: 30 });
  await page.waitForFunction(() => /showing results for/.test(document.getElementById("status").innerText));
  check("spelling corrected", true);

  // markup typed in the box stays text
  await box.fill("<img src=x onerror=alert(1)> lash");
  await settled(page);
  await page.waitForFunction(() => document.querySelectorAll("#results li").length > 0);
  check("no markup from the question runs", dialogs.length === 0 && (await page.locator("#results img").count()) === 0);

  // nothing found
  await box.fill("zzqx qqzz");
  await settled(page);
  await page.waitForFunction(() => /No answer/.test(document.getElementById("status").innerText));
  check("no answer is said plainly", (await page.locator("#results li").count()) === 0);
  check("no script errors", errors.length === 0, errors.join("; "));

  // a phone: nothing wider than the screen
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await phone.goto(url + "?q=" + encodeURIComponent("does scalp micropigmentation hurt"));
  await phone.waitForFunction(() => document.querySelectorAll("#results li").length > 0);
  const widths = await phone.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  check("fits a phone screen", widths[0] <= widths[1], JSON.stringify(widths));
  await phone.screenshot({ path: shot.replace(/\.png$/, "-phone.png") });
} finally {
  await browser.close();
  server.kill("SIGTERM");
}
console.log(`${pass} passed, ${fail} failed`);
process.exit(fail ? 1 : 0);

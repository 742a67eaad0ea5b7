// Pagefind on one static site, for bench/sites.sh: builds its index with the
// `pagefind` npm package's Node API (timed), then loads the written
// pagefind.js bundle in Node, as a browser would, and searches it.
//
//   node bench/pagefind_run.mjs PAGEFIND_PREFIX SITE_DIR OUT_DIR QUESTIONS_TSV BOILERPLATE_TXT
//
// PAGEFIND_PREFIX is the folder that `npm install --prefix` put pagefind in
// (PREFIX/node_modules/pagefind). Prints one JSON object: build seconds, index
// bytes (data files, and everything written), pages, the top 3 URLs of each
// question, and the boilerplate phrases found in the text of some indexed page.
import { readFile, readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const [prefix, site, out, qfile, bpfile] = process.argv.slice(2);
const lib = await import(pathToFileURL(join(resolve(prefix), "node_modules/pagefind/lib/index.js")).href);

const t0 = process.hrtime.bigint();
const { index, errors: ce } = await lib.createIndex({});
if (!index) throw new Error("createIndex: " + ce.join("; "));
// Pagefind's default glob is **/*.{html}: it would pass over the legacy
// site's .htm pages, so it is given those too.
const added = await index.addDirectory({ path: resolve(site), glob: "**/*.{html,htm}" });
if (added.errors.length) throw new Error("addDirectory: " + added.errors.join("; "));
const written = await index.writeFiles({ outputPath: resolve(out) });
if (written.errors.length) throw new Error("writeFiles: " + written.errors.join("; "));
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
await lib.close();

async function sizes(dir) {
  let all = 0, data = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    const p = join(e.parentPath ?? e.path, e.name);
    const n = (await stat(p)).size;
    all += n;
    // the index proper: fragments, index chunks, filters, metadata; not the
    // wasm, the JavaScript and the CSS of the search UI, which every site ships alike
    if (/\/(fragment|index|filter)\//.test(p) || /\.pf_meta$|pagefind-entry\.json$/.test(p)) data += n;
  }
  return { all, data };
}
const size = await sizes(resolve(out));

if (!added.page_count) {
  console.log(JSON.stringify({ seconds, bytes: size.data, bytes_all: size.all, pages: 0, query_ms: 0, results: {}, boilerplate: [] }));
  process.exit(0);
}

// Node has fetch but not for file: URLs, which is what the bundle asks for
// once its base path is a file: URL.
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const u = typeof input === "string" ? input : input.url ?? String(input);
  if (u.startsWith("file:")) {
    const body = await readFile(fileURLToPath(u.split("?")[0]));
    return new Response(body, { status: 200, headers: { "content-type": u.endsWith(".wasm") || u.endsWith(".pagefind") ? "application/wasm" : "application/octet-stream" } });
  }
  return realFetch(input, init);
};
const pf = await import(pathToFileURL(join(resolve(out), "pagefind.js")).href);
await pf.options({ basePath: pathToFileURL(resolve(out) + "/").href });
await pf.init();

const norm = (s) => s.replace(/\s+/g, " ").trim().toLowerCase();
const questions = (await readFile(qfile, "utf8")).split("\n").filter((l) => l.trim()).map((l) => l.split("\t"));
const results = {};
const qt0 = process.hrtime.bigint();
for (const [qid, q] of questions) {
  const r = await pf.search(q);
  const top = await Promise.all(r.results.slice(0, 3).map((x) => x.data()));
  results[qid] = top.map((d) => decodeURI(d.url));
}
const query_ms = questions.length ? Number(process.hrtime.bigint() - qt0) / 1e6 / questions.length : 0;

const boilerplate = [];
for (const line of (await readFile(bpfile, "utf8")).split("\n")) {
  const p = line.trim();
  if (!p || p.startsWith("#")) continue;
  const r = await pf.search(p);
  for (const x of r.results) {
    const d = await x.data();
    if (norm(d.content).includes(norm(p))) { boilerplate.push({ phrase: p, url: decodeURI(d.url) }); break; }
  }
}
console.log(JSON.stringify({ seconds, bytes: size.data, bytes_all: size.all, pages: added.page_count, query_ms, results, boilerplate }));

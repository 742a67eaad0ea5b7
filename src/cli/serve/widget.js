/* smpsearch search box: <smpsearch-box>, served by `smpsearch serve` at
 * /widget.js.  The search page uses it, and any site can:
 *
 *   <smpsearch-box></smpsearch-box>
 *   <script src="https://search.clinic.example/widget.js" async></script>
 *
 * The box asks the API it was loaded from (or the one named by the
 * element's api attribute, or the script tag's data-smpsearch-api); the
 * server needs `--cors https://your.site` for a site on another origin.
 * Attributes of <smpsearch-box>:
 *   api="https://..."   where the API is
 *   accent="#0a7c6e"    the colour of links and borders (a CSS colour)
 *   placeholder="..."   the box's placeholder
 *   label="..."         the box's label ("Your question")
 *   k="8"               how many passages to ask for
 *   history             keep the question in the page URL (?q=), so
 *                       answers can be shared and Back returns to the
 *                       last question; history="ask" names another
 *                       parameter.  The chosen categories go beside it
 *                       (&category=, repeated)
 *   filters="off"       no category filter (shown by default when the
 *                       answers come from more than one category)
 *   filter-label="..."  the filter's name ("Treatment")
 *   autofocus           focus the box when the page opens
 *   slash-focus         "/" anywhere on the page goes to the box
 * A script tag with data-smpsearch-target="#id" puts a box into that
 * element instead (data-smpsearch-accent, -placeholder, -history,
 * -filters, -filter-label too).
 * Answers are built from text and offsets the API sends, never as HTML. */
(() => {
  "use strict";
  if (customElements.get("smpsearch-box")) return;
  const script = document.currentScript;
  const scriptApi = script && (script.dataset.smpsearchApi ||
                               (script.src ? new URL(script.src, location.href).origin : ""));
  /* A result counts as a good answer when it scores at least this share
     of the best, and, when the best answer gives a value of the kind asked
     for (a duration, a price), gives one too.  On the 160 development
     questions, results within 0.8 of the best are relevant 54% of the
     time, those below it 20%; when the best gives a value, those within
     0.8 that give one 61%, those that give none 41%. */
  const GOOD = 0.8;
  const isGood = (r, best) => r.score >= GOOD * best.score && (!best.answer_value || r.answer_value);

  const STYLE = `
:host { display: block; container-type: inline-size; --accent: var(--smpsearch-accent, #8a3f6b); --ink: #1d1d1f; --soft: #5f6368;
  --line: #e3e3e8; --mark: #fde9a6; --tint: color-mix(in srgb, var(--accent) 10%, white);
  color: var(--ink); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; text-align: left; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
label { display: block; font-weight: 600; margin-bottom: .4rem; }
.box { position: relative; }
input[type=search] { width: 100%; font: inherit; font-size: 1.1rem; padding: .75rem 1rem; border: 2px solid var(--line);
  border-radius: .6rem; background: #fff; color: inherit; }
input[type=search]:focus { outline: none; border-color: var(--accent); }
#suggest { list-style: none; margin: .25rem 0 0; padding: .25rem 0; border: 1px solid var(--line); border-radius: .5rem;
  background: #fff; position: absolute; left: 0; right: 0; z-index: 2; box-shadow: 0 4px 16px rgb(0 0 0 / .08); }
#suggest li { padding: .4rem 1rem; cursor: pointer; }
#suggest li[aria-selected=true], #suggest li:hover { background: var(--tint); }
#status { color: var(--soft); font-size: .9rem; min-height: 1.5rem; margin: .6rem 0; display: flex; align-items: center; gap: .5rem; }
.spinner { width: 1rem; height: 1rem; border: 2px solid var(--line); border-top-color: var(--accent); border-radius: 50%;
  animation: spin .8s linear infinite; flex: none; }
@keyframes spin { to { transform: rotate(360deg); } }
#filters { display: flex; flex-wrap: wrap; align-items: center; gap: .35rem; margin: .7rem 0 0; }
#filters .name { font-size: .85rem; font-weight: 600; color: var(--soft); margin-right: .1rem; }
#filters button { font: inherit; font-size: .85rem; line-height: 1.2; padding: .32rem .62rem; border: 1px solid var(--line);
  border-radius: 1.2rem; background: #fff; color: var(--ink); cursor: pointer; white-space: nowrap; }
#filters button:hover, #filters button:focus-visible { border-color: var(--accent); outline: none; }
#filters button:focus-visible { box-shadow: 0 0 0 2px var(--tint); }
#filters button .n { color: var(--soft); font-size: .8rem; margin-left: .35rem; font-variant-numeric: tabular-nums; }
#filters button[aria-pressed=true] { background: var(--accent); border-color: var(--accent); color: #fff; }
#filters button[aria-pressed=true] .n { color: inherit; opacity: .85; }
#filters button[aria-pressed=true]::before { content: "\\2713\\00a0"; }
#filters button.more { border-style: dashed; color: var(--soft); }
/* a narrow box on a touch screen (a phone): one row that scrolls sideways
   (with a mouse, rows that wrap: a hidden scroll bar would hide chips) */
@media (hover: none), (pointer: coarse) { @container (max-width: 34rem) {
  #filters { flex-wrap: nowrap; overflow-x: auto; scrollbar-width: none; padding-right: 1.5rem;
    -webkit-mask-image: linear-gradient(to right, #000 calc(100% - 1.5rem), transparent); }
  #filters::-webkit-scrollbar { display: none; }
  #filters button { flex: none; }
  #filters .name { display: none; }   /* the group keeps it as its name */
} }
#results[aria-busy=true] .card { opacity: .45; transition: opacity .2s; }
#starters h2 { font-size: .9rem; font-weight: 600; color: var(--soft); margin: .4rem 0 .5rem; }
#starters ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem; }
#starters button { font: inherit; font-size: .95rem; text-align: left; padding: .45rem .8rem; border: 1px solid var(--line);
  border-radius: 1.2rem; background: #fff; color: var(--ink); cursor: pointer; }
#starters button:hover, #starters button:focus-visible { border-color: var(--accent); color: var(--accent); outline: none; }
.card { background: #fff; border: 1px solid var(--line); border-radius: .6rem; padding: .9rem 1rem; margin: 0 0 .8rem; }
.card:focus-within { border-color: var(--accent); box-shadow: 0 0 0 2px var(--tint); }
.best { border: 2px solid var(--accent); padding: 1rem 1.1rem; }
.label { font-size: .75rem; font-weight: 700; letter-spacing: .06em; text-transform: uppercase; color: var(--accent); margin: 0 0 .3rem; }
.best .answer { font-size: 1.12rem; }
h3 { font-size: 1.05rem; margin: 0 0 .35rem; }
.related h3 { font-size: 1rem; }
h3 a, .topics a, .agree a { color: var(--accent); }
h3 a { text-decoration: none; }
h3 a:hover, h3 a:focus { text-decoration: underline; }
.answer { margin: 0 0 .4rem; }
.answer mark { background: var(--mark); color: inherit; padding: 0 .1em; border-radius: .2em; }
.source, .agree { color: var(--soft); font-size: .85rem; margin: 0; }
.agree { margin-top: .3rem; }
h2.more { font-size: .95rem; color: var(--soft); font-weight: 600; margin: 1.2rem 0 .5rem; }
ol.related { list-style: none; margin: 0; padding: 0; }
.topics ul { margin: .2rem 0 0; padding-left: 1.1rem; }
.hint { color: var(--soft); font-size: .8rem; margin-top: 2rem; }
@media (hover: none), (pointer: coarse) { .hint { display: none; } }
`;

  /* categories compare as the index compares them, case aside */
  const fold = v => v.toLowerCase();
  /* chips shown before "more": the most common categories, and the chosen */
  const CHIPS = 8;

  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  class SmpsearchBox extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return;
      const root = this.attachShadow({ mode: "open" });
      const accent = this.getAttribute("accent");
      if (accent) this.style.setProperty("--smpsearch-accent", accent);
      const style = el("style");
      style.textContent = STYLE;
      root.append(style);
      const form = el("form");
      form.setAttribute("role", "search");
      form.autocomplete = "off";
      const label = el("label", "", this.getAttribute("label") || "Your question");
      label.htmlFor = "q";
      const box = el("div", "box");
      const q = this.q = el("input");
      Object.assign(q, { type: "search", id: "q", name: "q",
                         placeholder: this.getAttribute("placeholder") || "How long does a lash lift last?" });
      q.setAttribute("role", "combobox");
      q.setAttribute("aria-autocomplete", "list");
      q.setAttribute("aria-expanded", "false");
      q.setAttribute("aria-controls", "suggest");
      const sug = this.sug = el("ul");
      sug.id = "suggest";
      sug.setAttribute("role", "listbox");
      sug.setAttribute("aria-label", "Suggestions");
      sug.hidden = true;
      box.append(q, sug);
      form.append(label, box);
      const status = this.status = el("p");
      status.id = "status";
      status.setAttribute("role", "status");
      status.setAttribute("aria-live", "polite");
      const starters = this.starters = el("section");
      starters.id = "starters";
      starters.hidden = true;
      const results = this.results = el("div");
      results.id = "results";
      results.setAttribute("aria-label", "Answers");
      results.setAttribute("aria-busy", "false");
      /* the category filter: chips with the passages per category */
      const filters = this.filters = el("div");
      filters.id = "filters";
      filters.setAttribute("role", "group");
      filters.hidden = true;
      this.filterLabel = this.getAttribute("filter-label") || "Treatment";
      filters.setAttribute("aria-label", this.filterLabel);
      const hint = el("p", "hint",
        "Arrow keys move through suggestions and answers; Enter opens one; / goes back to the question.");
      root.append(form, filters, status, starters, results, hint);

      this.api = (this.getAttribute("api") ?? scriptApi ?? "").replace(/\/+$/, "");
      this.k = Math.max(1, Math.min(50, parseInt(this.getAttribute("k") || "8", 10) || 8));
      this.param = this.hasAttribute("history") ? (this.getAttribute("history") || "q") : null;
      this.filtersOn = (this.getAttribute("filters") || "").trim().toLowerCase() !== "off";
      this.cats = [];        /* the chosen categories (OR) */
      this.allCats = false;  /* every category shown, not only the first CHIPS */
      this.timer = 0; this.seq = 0; this.sugSeq = 0; this.sugIndex = -1;
      this.fresh = true; /* the next question typed gets a history entry of its own */

      q.addEventListener("input", () => {
        clearTimeout(this.timer);
        if (!q.value.trim()) { this.hideSuggest(); this.search(false); return; } /* cleared: at once */
        this.busy(true);
        this.timer = setTimeout(() => { this.search(false); this.suggest(); }, 150);
      });
      q.addEventListener("keydown", ev => this.onKey(ev));
      q.addEventListener("blur", () => setTimeout(() => this.hideSuggest(), 100));
      results.addEventListener("keydown", ev => {
        const links = [...results.querySelectorAll("h3 a")], i = links.indexOf(root.activeElement);
        if (i < 0) return;
        if (ev.key === "ArrowDown" && i + 1 < links.length) { ev.preventDefault(); links[i + 1].focus(); }
        if (ev.key === "ArrowUp") { ev.preventDefault(); (i > 0 ? links[i - 1] : q).focus(); }
      });
      form.addEventListener("submit", ev => { ev.preventDefault(); this.commit(); });
      if (this.hasAttribute("slash-focus"))
        document.addEventListener("keydown", ev => {
          const t = ev.composedPath()[0];
          if (ev.key === "/" && t !== q && !/^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName || "") && !t.isContentEditable) {
            ev.preventDefault(); q.focus(); q.select();
          }
        });
      if (this.param) window.addEventListener("popstate", () => this.fromUrl());
      if (this.hasAttribute("autofocus")) q.focus();
      if (!(this.param && this.fromUrl())) this.showStarters();
    }

    /* The question in the page URL, searched; false when there is none. */
    fromUrl() {
      const sp = new URLSearchParams(location.search);
      const text = sp.get(this.param) || "";
      if (this.filtersOn) this.cats = this.unique(sp.getAll("category"));
      this.q.value = text;
      this.hideSuggest();
      this.fresh = true;
      this.search(true);
      return text.trim() !== "";
    }

    /* Keeps the question in the URL: a new entry for a new question, the
       same entry while it is being typed.  A question is new after one
       was asked (Enter, a suggestion, a starter), after Back or Forward,
       and after the box was emptied (the empty box's entry is then
       replaced by the next question). */
    remember(text) {
      if (!this.param) return;
      const u = new URL(location.href), sp = u.searchParams;
      const cats = this.filtersOn ? this.cats : sp.getAll("category");
      if ((sp.get(this.param) || "") === text && sp.getAll("category").join("\n") === cats.join("\n")) return;
      if (text) sp.set(this.param, text); else sp.delete(this.param);
      if (this.filtersOn) {
        sp.delete("category");
        for (const c of cats) sp.append("category", c);
      }
      if (this.fresh || !text) history.pushState(null, "", u); else history.replaceState(null, "", u);
      this.fresh = false;
    }

    commit() {
      this.hideSuggest();
      clearTimeout(this.timer);
      this.search(false).then(() => { this.fresh = true; });
    }

    unique(values) {
      const seen = new Set();
      return values.map(v => v.trim()).filter(v => v && !seen.has(fold(v)) && seen.add(fold(v)));
    }

    /* A category chosen or let go: a new question as far as history goes
       (Back returns to the last choice), and the answers again. */
    toggle(value) {
      if (value === null) this.cats = [];
      else {
        const i = this.cats.findIndex(c => fold(c) === fold(value));
        if (i >= 0) this.cats.splice(i, 1); else this.cats.push(value);
      }
      this.fresh = true;
      this.search(false).then(() => { this.fresh = true; });
    }

    /* The chips: "All", then the categories by how many passages answer
       from each.  The counts are the API's disjunctive ones: a category's
       count leaves the category filter out, so choosing one keeps its
       siblings' counts, and a chosen one counts at least its own results.
       Shown when the answers come from more than one category, or one is
       chosen (so that it can be let go). */
    showFilters(facets) {
      const f = this.filters;
      const focused = f.contains(this.shadowRoot.activeElement) ? this.shadowRoot.activeElement.dataset.value : undefined;
      const counts = Object.entries((facets && facets.category) || {}).sort((a, b) => b[1] - a[1]);
      for (const c of this.cats)   /* chosen, but not counted: shown all the same */
        if (!counts.some(([v]) => fold(v) === fold(c))) counts.push([c, 0]);
      if (!this.filtersOn || (counts.length < 2 && !this.cats.length)) {
        f.hidden = true;
        f.replaceChildren();
        return;
      }
      const chosen = v => this.cats.some(c => fold(c) === fold(v));
      const chip = (text, n, pressed, value) => {
        const b = el("button", "", text);
        b.type = "button";
        b.dataset.value = value === null ? "" : value;
        b.setAttribute("aria-pressed", pressed ? "true" : "false");
        if (n > 0) {
          b.append(el("span", "n", n.toLocaleString("en")));
          b.title = n + (n === 1 ? " matching passage" : " matching passages");
        }
        b.addEventListener("click", () => this.toggle(value));
        return b;
      };
      const out = [el("span", "name", this.filterLabel + ":"), chip("All", 0, !this.cats.length, null)];
      let hidden = 0;
      counts.forEach(([v, n], i) => {
        if (this.allCats || i < CHIPS || chosen(v)) out.push(chip(v, n, chosen(v), v));
        else hidden++;
      });
      if (hidden) {
        const more = el("button", "more", "+" + hidden + " more");
        more.type = "button";
        more.dataset.value = "\u0000more";
        more.addEventListener("click", () => {
          /* the rest shown, the first of them focused */
          const shown = new Set([...f.querySelectorAll("button")].map(b => b.dataset.value));
          this.allCats = true;
          this.showFilters(this.facets);
          const next = [...f.querySelectorAll("button")].find(b => !shown.has(b.dataset.value));
          if (next) next.focus();
        });
        out.push(more);
      }
      f.replaceChildren(...out);
      f.hidden = false;
      /* a row that scrolls: the first chosen category in view */
      const first = f.querySelector("button[aria-pressed=true]:not([data-value=''])");
      if (first && f.scrollWidth > f.clientWidth) {
        const fr = f.getBoundingClientRect(), br = first.getBoundingClientRect();
        if (br.left < fr.left || br.right > fr.right - 24) f.scrollLeft += br.left - fr.left - 40;
      }
      if (focused !== undefined) {
        const b = [...f.querySelectorAll("button")].find(b => b.dataset.value === focused) ||
                  f.querySelector("button:not(.more)");
        if (b) b.focus();
      }
    }

    url(path, params) {
      return this.api + path + "?" + new URLSearchParams(params);
    }

    busy(on) {
      this.results.setAttribute("aria-busy", on ? "true" : "false");
      if (on && !this.status.querySelector(".spinner")) {
        this.status.replaceChildren(el("span", "spinner"), el("span", "", "Searching\u2026"));
      }
    }

    async showStarters() {
      this.starters.hidden = true;
      if (this.q.value.trim()) return;
      if (!this.starterData) {
        try {
          const res = await fetch(this.url("/api/starters", { k: 6 }));
          this.starterData = res.ok ? (await res.json()).starters : [];
        } catch (e) { this.starterData = []; }
      }
      if (this.q.value.trim() || !this.starterData.length) return;
      const ul = el("ul");
      for (const s of this.starterData) {
        const b = el("button", "", s.text);
        b.type = "button";
        b.addEventListener("click", () => { this.q.value = s.text; this.commit(); });
        const li = el("li");
        li.append(b);
        ul.append(li);
      }
      this.starters.replaceChildren(el("h2", "", "People often ask"), ul);
      this.starters.hidden = false;
    }

    /* Where a result links to: the answer in the article's section.  A link
       of the site's own ("/lash-lift/#aftercare") works where the box sits
       on that site; on the search server's own page only a full URL (serve
       --base-url) leads to the article. */
    href(link, id) {
      if (/^https?:\/\//.test(link || "")) return link;
      const onServer = !this.api || this.api === location.origin;
      if (link && link.startsWith("/") && !onServer) return link;
      return "#" + encodeURIComponent(id);
    }

    /* The answer sentence with the matched words marked, from offsets. */
    answerNode(r) {
      const p = el("p", "answer");
      const bytes = new TextEncoder().encode(r.text), dec = new TextDecoder();
      const [a0, a1] = r.answer_range;
      let at = a0;
      for (const [h0, h1] of r.highlights) {
        if (h1 <= a0 || h0 >= a1) continue;
        const s = Math.max(h0, a0, at), e = Math.min(h1, a1);
        if (e <= s) continue;
        if (s > at) p.append(dec.decode(bytes.slice(at, s)));
        p.append(el("mark", "", dec.decode(bytes.slice(s, e))));
        at = e;
      }
      if (at < a1) p.append(dec.decode(bytes.slice(at, a1)));
      return p;
    }

    card(r, tag, best) {
      const c = el(tag, best ? "card best" : "card");
      if (best) c.append(el("p", "label", "Best answer"));
      const h = el("h3"), a = el("a", "", r.heading || r.article.title);
      a.href = this.href(r.answer_url || r.url, r.passage_id);
      h.append(a);
      const agree = el("p", "agree");
      agree.hidden = true;
      agree.append("Also " + r.answer_value + " in: ");
      c.append(h, this.answerNode(r), el("p", "source", r.article.title), agree);
      return { node: c, agree };
    }

    show(data) {
      const res = data.results || [];
      this.facets = data.facets;
      this.showFilters(data.facets);
      /* the answers: results that say the same (group) are one answer */
      const groups = new Map();
      for (const r of res) {
        if (!groups.has(r.group)) groups.set(r.group, []);
        groups.get(r.group).push(r);
      }
      const good = data.answered
        ? new Set(res.filter(r => isGood(r, res[0])).map(r => r.group)).size : 0;
      const topics = data.topics || [];
      let msg;
      if (!res.length && this.cats.length)
        msg = "No answer in " + this.cats.join(" or ") + ". Try all of them, or other words.";
      else if (!res.length) msg = "No answer found. Try other words.";
      else if (!data.answered) msg = "Our articles do not seem to answer this; the closest passages:";
      else if (topics.length) msg = "It depends on the treatment: " + topics.length + " answers";
      else if (good === groups.size && res.length >= this.k &&
               this.q.value.trim().split(/\s+/).length <= 2) {
        /* all as good as the best, for a question of a word or two ("lash");
           a fuller question whose answers are all good says how many */
        msg = "Many answers (" + good + " shown) \u2014 a fuller question finds the best one";
      } else {
        msg = good + (good === 1 ? " good answer" : " good answers");
        const rel = groups.size - 1;
        if (rel > 0) msg += " \u00b7 " + rel + " related";
      }
      if (data.corrected) msg += " \u2014 showing results for \u201c" + data.corrected + "\u201d";
      this.status.replaceChildren(msg);
      const out = [];
      let list = null;
      const more = title => {
        if (!list) { list = el("ol", "related"); out.push(el("h2", "more", title), list); }
        return list;
      };
      let rest = [...groups.values()];
      if (res.length && data.answered && topics.length) {
        /* a question that names no treatment: one answer per treatment */
        const box = el("section", "card best topics"), ul = el("ul");
        box.append(el("p", "label", "Best answers"), el("h3", "", "It depends on the treatment:"));
        for (const t of topics) {
          const li = el("li"), a = el("a", "", t.title);
          a.href = this.href(t.url, t.passage_id);
          li.append(t.topic + ": " + (t.answer_value || t.answer) + " \u2014 ", a);
          ul.append(li);
        }
        box.append(ul);
        out.push(box);
      } else if (res.length && data.answered) {
        const [first, ...same] = rest.shift();
        const { node, agree } = this.card(first, "article", true);
        this.also(agree, same);
        out.push(node);
      }
      for (const [first, ...same] of rest) {
        const { node, agree } = this.card(first, "li", false);
        this.also(agree, same);
        more(data.answered ? "Related answers" : "Closest passages").append(node);
      }
      this.results.replaceChildren(...out);
    }

    /* other articles giving the same answer, named under the first */
    also(agree, same) {
      same.forEach((r, i) => {
        const a = el("a", "", r.article.title);
        a.href = this.href(r.answer_url || r.url, r.passage_id);
        if (i) agree.append(" \u00b7 ");
        agree.append(a);
        agree.hidden = false;
      });
    }

    async search(fromHistory) {
      const text = this.q.value.trim(), my = ++this.seq;
      if (!fromHistory) this.remember(text);
      if (!text) {
        this.results.replaceChildren();
        this.status.replaceChildren();
        this.filters.hidden = true;
        this.busy(false);
        this.showStarters();
        return;
      }
      this.starters.hidden = true;
      this.busy(true);
      try {
        const params = [["k", this.k], ["q", text]];
        if (this.filtersOn) {
          params.push(["facets", "1"]);
          for (const c of this.cats) params.push(["category", c]);
        }
        const res = await fetch(this.url("/api/search", params));
        const data = await res.json();
        if (my !== this.seq) return;            /* a newer question is on its way */
        if (!res.ok) this.status.replaceChildren(data.error || "Something went wrong.");
        else this.show(data);
      } catch (e) {
        if (my === this.seq) this.status.replaceChildren("The search is not reachable right now.");
      }
      if (my === this.seq) this.busy(false);
    }

    async suggest() {
      const text = this.q.value, my = ++this.sugSeq, sug = this.sug, q = this.q;
      if (!text.trim()) { this.hideSuggest(); return; }
      try {
        const res = await fetch(this.url("/api/suggest", { k: 6, q: text }));
        const data = await res.json();
        if (my !== this.sugSeq || !res.ok) return;   /* closed or typed on since */
        sug.replaceChildren();
        this.sugIndex = -1;
        const seen = new Set();
        for (const s of data.suggestions) {
          const key = s.text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
          if (seen.has(key) || key === text.toLowerCase().trim()) continue;
          seen.add(key);
          const li = el("li", "", s.text);
          li.id = "s" + seen.size;
          li.setAttribute("role", "option");
          li.addEventListener("mousedown", ev => { ev.preventDefault(); this.pick(s.text); });
          sug.append(li);
        }
        const any = sug.children.length > 0 && this.shadowRoot.activeElement === q;
        sug.hidden = !any;
        q.setAttribute("aria-expanded", any ? "true" : "false");
      } catch (e) { this.hideSuggest(); }
    }

    hideSuggest() {
      this.sugSeq++;
      this.sug.hidden = true;
      this.q.setAttribute("aria-expanded", "false");
      this.q.removeAttribute("aria-activedescendant");
      this.sugIndex = -1;
    }

    pick(text) { this.q.value = text; this.commit(); }

    moveSuggest(d) {
      const items = this.sug.querySelectorAll("li");
      if (!items.length) return;
      if (this.sugIndex >= 0) items[this.sugIndex].setAttribute("aria-selected", "false");
      /* positions 0..n: the box itself, then the suggestions */
      this.sugIndex = (this.sugIndex + 1 + d + items.length + 1) % (items.length + 1) - 1;
      if (this.sugIndex >= 0) {
        items[this.sugIndex].setAttribute("aria-selected", "true");
        this.q.setAttribute("aria-activedescendant", items[this.sugIndex].id);
      } else this.q.removeAttribute("aria-activedescendant");
    }

    onKey(ev) {
      const sug = this.sug;
      if (ev.key === "ArrowDown" && !sug.hidden) { ev.preventDefault(); this.moveSuggest(1); }
      else if (ev.key === "ArrowDown") {
        const a = this.results.querySelector("h3 a");
        if (a) { ev.preventDefault(); a.focus(); }
      }
      else if (ev.key === "ArrowUp" && !sug.hidden) { ev.preventDefault(); this.moveSuggest(-1); }
      else if (ev.key === "Escape" && !sug.hidden) { ev.preventDefault(); this.hideSuggest(); } /* else: clears the box */
      else if (ev.key === "Enter") {
        ev.preventDefault();
        const items = sug.querySelectorAll("li");
        if (!sug.hidden && this.sugIndex >= 0) this.pick(items[this.sugIndex].textContent);
        else this.commit();
      }
    }
  }
  customElements.define("smpsearch-box", SmpsearchBox);

  /* <script ... data-smpsearch-target="#search">: a box in that element */
  const target = script && script.dataset.smpsearchTarget;
  if (target) {
    const mount = () => {
      const host = document.querySelector(target);
      if (!host || host.querySelector("smpsearch-box")) return;
      const box = document.createElement("smpsearch-box");
      for (const a of ["api", "accent", "placeholder", "label", "k", "history", "filters", "filter-label"]) {
        const v = script.getAttribute("data-smpsearch-" + a);
        if (v !== null) box.setAttribute(a, v);
      }
      host.append(box);
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
    else mount();
  }
})();

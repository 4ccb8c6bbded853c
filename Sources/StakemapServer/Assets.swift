/// The files a page loads, served by the binary itself: no build step, no CDN.
enum Assets {
    struct File: Sendable {
        let type: String
        let text: String
    }

    static let files: [String: File] = [
        "app.js": File(type: "text/javascript; charset=utf-8", text: script),
        "app.css": File(type: "text/css; charset=utf-8", text: style),
    ]

    /// Pan and zoom, the person panel without a reload, search, the minimap, and a reload
    /// when the file changes on disk. Every page works without it.
    static let script = #"""
        "use strict";
        (function () {
          const body = document.body;
          const account = body.dataset.account;

          // The page reloads when the account's files change on disk (a git pull, an edit
          // from the command line), unless a form is being filled in: then it says so.
          if (account && body.dataset.version) {
            let dirty = false;
            document.addEventListener("input", (e) => { if (e.target.closest("form.edit")) dirty = true; });
            const poll = async () => {
              if (document.hidden) { setTimeout(poll, 2000); return; }
              try {
                const r = await fetch("/api/accounts/" + encodeURIComponent(account) + "/version", { cache: "no-store" });
                if (r.ok) {
                  const v = (await r.json()).version;
                  if (v && v !== body.dataset.version) {
                    if (dirty) { document.getElementById("changed").hidden = false; return; }
                    location.reload();
                    return;
                  }
                }
              } catch (e) { /* the server is restarting: try again */ }
              setTimeout(poll, 2000);
            };
            setTimeout(poll, 2000);
          }

          const chart = document.getElementById("chart");
          const svg = chart && chart.querySelector("svg");
          if (!chart) return;
          const base = chart.dataset.base;
          const kept = chart.dataset.query || "";
          const panel = document.getElementById("panel");

          // Each person's box links to ?person=ID: the panel opens here instead.
          const XLINK = "http://www.w3.org/1999/xlink";
          const linkOf = (a) => a.getAttributeNS(XLINK, "href") || a.getAttribute("href") || "";
          const boxes = new Map();
          if (svg) {
            for (const a of svg.querySelectorAll("a")) {
              const url = new URL(linkOf(a), location.href);
              const id = url.searchParams.get("person");
              if (id !== null && !boxes.has(id)) boxes.set(id, a);
            }
          }

          let selected = null;
          function highlight(id) {
            if (selected) selected.classList.remove("selected");
            selected = boxes.get(id) || null;
            if (selected) selected.classList.add("selected");
          }

          let asked = 0;
          async function openPanel(id, push) {
            // Only the last person asked for is shown, whatever order the answers come in.
            const mine = ++asked;
            const q = (kept ? kept + "&" : "?") + "person=" + encodeURIComponent(id);
            const r = await fetch(base + "/panel" + q, { cache: "no-store" });
            if (mine !== asked) return;
            if (!r.ok) { location.href = base + q; return; }
            const html = await r.text();
            if (mine !== asked) return;
            panel.innerHTML = html;
            chart.dataset.person = id;
            // The paths view now has someone to lead to.
            const paths = document.querySelector(".views [data-view=path]");
            if (paths) {
              const link = document.createElement("a");
              link.className = "view";
              link.dataset.view = "path";
              const next = new URL(base + q, location.href);
              next.searchParams.set("view", "path");
              link.href = next.pathname + next.search;
              link.textContent = "paths";
              paths.replaceWith(link);
            }
            highlight(id);
            if (push) history.pushState({ person: id }, "", base + q);
          }

          document.addEventListener("click", (e) => {
            const a = e.target.closest("a");
            if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
            const inChart = svg && svg.contains(a);
            const id = a.dataset.person || (inChart ? new URL(linkOf(a), location.href).searchParams.get("person") : null);
            if (inChart && !id) {
              // A "+N people" box: open it, keeping the view and what is open already.
              const open = new URL(linkOf(a), location.href).searchParams.get("open");
              if (open === null) return;
              e.preventDefault();
              const next = new URL(base + kept, location.href);
              if (chart.dataset.person) next.searchParams.set("person", chart.dataset.person);
              const list = (next.searchParams.get("open") || "").split(",").filter((x) => x && x !== open);
              list.push(open);
              next.searchParams.set("open", list.sort().join(","));
              const folded = (next.searchParams.get("fold") || "").split(",").filter((x) => x && x !== open);
              if (folded.length) next.searchParams.set("fold", folded.join(",")); else next.searchParams.delete("fold");
              location.href = next.href;
              return;
            }
            if (id && (inChart || panel.contains(a))) {
              e.preventDefault();
              openPanel(id, true);
              if (boxes.has(id) && !inChart) centreOn(boxes.get(id), false);
            }
          });
          window.addEventListener("popstate", () => location.reload());

          // Search: a name, a title or an id; a person drawn is centred and opened here,
          // one folded away is found by the server, which opens the way to them.
          const people = JSON.parse((document.getElementById("people") || {}).textContent || "[]");
          const list = document.getElementById("people-list");
          if (list) {
            const frag = document.createDocumentFragment();
            for (const p of people) {
              const o = document.createElement("option");
              o.value = p.name;
              o.label = p.title ? p.name + " — " + p.title : p.name;
              frag.appendChild(o);
            }
            list.appendChild(frag);
          }
          const fold = (s) => (s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
          function find(text) {
            const k = fold(text.trim());
            if (!k) return null;
            return people.find((p) => p.id === text.trim()) || people.find((p) => fold(p.name) === k)
              || people.find((p) => fold(p.name).includes(k)) || people.find((p) => fold(p.title).includes(k)) || null;
          }
          const search = document.querySelector("form.search");
          if (search) {
            search.addEventListener("submit", (e) => {
              const p = find(document.getElementById("search").value);
              if (p && boxes.has(p.id)) {
                e.preventDefault();
                centreOn(boxes.get(p.id), true);
                openPanel(p.id, true);
              }
            });
          }

          if (!svg) return;

          // Pan and zoom: the chart's viewBox follows the mouse, the wheel and the buttons.
          const full = svg.viewBox.baseVal;
          const whole = { x: full.x, y: full.y, w: full.width, h: full.height };
          // The chart keeps its size; pan and zoom move and scale it (a CSS transform, which
          // the browser composites without drawing the chart again while it moves).
          svg.setAttribute("width", whole.w);
          svg.setAttribute("height", whole.h);
          let view = { ...whole };
          let settle = null;
          // Where the chart sits on the screen, measured once (and again on a resize): the
          // mouse maps to chart coordinates without asking the browser for a layout.
          let rect = chart.getBoundingClientRect();
          const scale = () => Math.min(rect.width / view.w, rect.height / view.h);
          let pending = false;
          function apply() {
            // One change of the viewBox a frame, however many events asked for one.
            if (pending) return;
            pending = true;
            requestAnimationFrame(() => {
              pending = false;
              const k = scale();
              const tx = (rect.width - view.w * k) / 2 - (view.x - whole.x) * k;
              const ty = (rect.height - view.h * k) / 2 - (view.y - whole.y) * k;
              // While it moves, the chart is one picture; once still, it is drawn sharp again.
              svg.classList.add("moving");
              clearTimeout(settle);
              settle = setTimeout(() => svg.classList.remove("moving"), 250);
              svg.style.transform = `translate(${tx}px, ${ty}px) scale(${k})`;
              drawMinimap();
            });
          }
          window.addEventListener("resize", () => { rect = chart.getBoundingClientRect(); apply(); });
          function fit() {
            // A large chart opens readable, at its top; a small one whole.
            const scale = Math.min(rect.width / whole.w, rect.height / whole.h);
            if (scale < 0.35) {
              const w = rect.width / 0.8, h = rect.height / 0.8;
              view = { x: whole.x + whole.w / 2 - w / 2, y: whole.y, w: w, h: h };
            } else {
              view = { ...whole };
            }
            apply();
          }
          function zoom(factor, cx, cy) {
            const w = Math.min(Math.max(view.w * factor, 40), whole.w * 4);
            const f = w / view.w;
            view = { x: cx - (cx - view.x) * f, y: cy - (cy - view.y) * f, w: w, h: view.h * f };
            apply();
          }
          function pointAt(clientX, clientY) {
            const s = scale();
            const ox = (rect.width - view.w * s) / 2, oy = (rect.height - view.h * s) / 2;
            return { x: view.x + (clientX - rect.left - ox) / s, y: view.y + (clientY - rect.top - oy) / s };
          }
          function centreOn(el, closer) {
            // The box's place in chart units, from where it is drawn and how large the chart
            // is drawn now (whatever transform is or is about to be applied).
            const r = el.getBoundingClientRect();
            const at = svg.getBoundingClientRect();
            const k = at.width / whole.w;
            const cx = whole.x + (r.left + r.width / 2 - at.left) / k;
            const cy = whole.y + (r.top + r.height / 2 - at.top) / k;
            rect = chart.getBoundingClientRect();
            // Close enough to read: at least 0.8 of the chart's own size.
            if (closer && scale() < 0.8) { view.w = rect.width / 0.8; view.h = rect.height / 0.8; }
            view.x = cx - view.w / 2;
            view.y = cy - view.h / 2;
            apply();
            el.classList.add("found");
            setTimeout(() => el.classList.remove("found"), 1600);
          }
          svg.addEventListener("wheel", (e) => {
            e.preventDefault();
            if (!e.deltaY) return;
            rect = chart.getBoundingClientRect();
            const p = pointAt(e.clientX, e.clientY);
            zoom(e.deltaY > 0 ? 1.15 : 1 / 1.15, p.x, p.y);
          }, { passive: false });
          let drag = null;
          svg.addEventListener("pointerdown", (e) => {
            if (e.button !== 0 || e.target.closest("a")) return;
            rect = chart.getBoundingClientRect();
            drag = { x: e.clientX, y: e.clientY, view: { ...view } };
            svg.setPointerCapture(e.pointerId);
          });
          svg.addEventListener("pointermove", (e) => {
            if (!drag) return;
            const s = scale();
            view.x = drag.view.x - (e.clientX - drag.x) / s;
            view.y = drag.view.y - (e.clientY - drag.y) / s;
            apply();
          });
          svg.addEventListener("pointerup", () => { drag = null; });
          svg.addEventListener("pointercancel", () => { drag = null; });
          for (const b of document.querySelectorAll("[data-zoom]")) {
            b.addEventListener("click", () => {
              if (b.dataset.zoom === "fit") { view = { ...whole }; apply(); return; }
              zoom(b.dataset.zoom === "in" ? 1 / 1.4 : 1.4, view.x + view.w / 2, view.y + view.h / 2);
            });
          }
          document.addEventListener("keydown", (e) => {
            if (e.target.closest("input, textarea, select")) return;
            if (e.key === "+" || e.key === "=") zoom(1 / 1.4, view.x + view.w / 2, view.y + view.h / 2);
            if (e.key === "-") zoom(1.4, view.x + view.w / 2, view.y + view.h / 2);
            if (e.key === "0") { view = { ...whole }; apply(); }
          });

          // The minimap: the whole chart, small (each box a rectangle on a canvas), with the
          // part in view framed; a click or a drag moves there.
          const minimap = document.getElementById("minimap");
          let mini = null, frame = null;
          function drawMinimap() {
            if (!frame) return;
            const sx = mini.width / whole.w, sy = mini.height / whole.h, s = Math.min(sx, sy);
            const ox = (mini.width - whole.w * s) / 2, oy = (mini.height - whole.h * s) / 2;
            frame.style.left = ox + (view.x - whole.x) * s + "px";
            frame.style.top = oy + (view.y - whole.y) * s + "px";
            frame.style.width = Math.max(view.w * s, 3) + "px";
            frame.style.height = Math.max(view.h * s, 3) + "px";
          }
          const box = chart.getBoundingClientRect();
          if (whole.w > box.width * 1.5 || whole.h > box.height * 1.5) {
            mini = document.createElement("canvas");
            mini.width = 220; mini.height = 150;
            minimap.appendChild(mini);
            frame = document.createElement("div");
            frame.className = "frame";
            minimap.appendChild(frame);
            minimap.hidden = false;
            const ctx = mini.getContext("2d");
            const s = Math.min(mini.width / whole.w, mini.height / whole.h);
            const ox = (mini.width - whole.w * s) / 2, oy = (mini.height - whole.h * s) / 2;
            const origin = svg.getBoundingClientRect();
            ctx.fillStyle = "#8a9bb0";
            for (const node of svg.querySelectorAll("g.node")) {
              // The chart is drawn at its own size and not yet moved: one pixel a unit.
              const r = node.getBoundingClientRect();
              ctx.fillRect(ox + (r.left - origin.left) * s, oy + (r.top - origin.top) * s, Math.max(r.width * s, 1), Math.max(r.height * s, 1));
            }
            const move = (e) => {
              const r = mini.getBoundingClientRect();
              view.x = whole.x + (e.clientX - r.left - ox) / s - view.w / 2;
              view.y = whole.y + (e.clientY - r.top - oy) / s - view.h / 2;
              apply();
            };
            let moving = false;
            minimap.addEventListener("pointerdown", (e) => { moving = true; minimap.setPointerCapture(e.pointerId); move(e); });
            minimap.addEventListener("pointermove", (e) => { if (moving) move(e); });
            minimap.addEventListener("pointerup", () => { moving = false; });
          }
          fit();
          const chosen = chart.dataset.person;
          if (chosen && boxes.has(chosen)) {
            highlight(chosen);
            // The paths view is about the way to them: it stays whole.
            if (chart.dataset.view !== "path") centreOn(boxes.get(chosen), true);
          }
          window.stakemap = { view: () => ({ ...view }), boxes: boxes.size, minimap: !!mini };
        })();
        """#

    static let style = #"""
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.4 system-ui, "DejaVu Sans", sans-serif; color: #222; background: #fafafa; }
        header { background: #1f2d3d; color: #fff; padding: 8px 16px; display: flex; align-items: center; gap: 16px; }
        header a { color: #fff; text-decoration: none; }
        header .brand { font-weight: 700; }
        header .tab { margin-left: 10px; opacity: .8; }
        header .tab.current { opacity: 1; border-bottom: 2px solid #7fb3ff; }
        header .sep { opacity: .5; }
        #changed { background: #ffe08a; color: #222; padding: 2px 8px; border-radius: 4px; }
        #changed a { color: #222; text-decoration: underline; }
        main.page { padding: 16px 24px; max-width: 1400px; }
        .muted { color: #777; }
        .error { color: #b00020; }
        .warn { color: #b35c00; }
        .notice { background: #e8f4e8; border-left: 4px solid #3a3; padding: 6px 12px; margin: 0 16px; }
        div.error[role=alert] { background: #fdecee; border-left: 4px solid #b00020; padding: 4px 10px; margin: 8px 0; }
        table.grid { border-collapse: collapse; background: #fff; }
        table.grid th, table.grid td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
        table.grid th { background: #f0f0f0; }
        td.num, .num { text-align: right; font-variant-numeric: tabular-nums; }
        svg.spark polyline { fill: none; stroke: #36c; stroke-width: 1.5; }
        .toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 12px; padding: 8px 16px; background: #fff; border-bottom: 1px solid #ddd; }
        .toolbar .title { font-weight: 700; font-size: 16px; }
        .toolbar .score { background: #eef3fb; padding: 2px 8px; border-radius: 10px; }
        .views a, .views span { padding: 2px 8px; border: 1px solid #ccc; border-radius: 4px; margin-right: 2px; text-decoration: none; color: #333; }
        .views a.current { background: #1f2d3d; color: #fff; border-color: #1f2d3d; }
        .views .disabled { color: #aaa; }
        .search input { width: 260px; padding: 3px 6px; }
        .zoom button { min-width: 28px; }
        .workspace { display: flex; height: calc(100vh - 96px); }
        .chart { flex: 1; position: relative; overflow: hidden; background: #fff; cursor: grab; }
        .chart svg { position: absolute; left: 0; top: 0; transform-origin: 0 0; display: block; touch-action: none; user-select: none; }
        .chart svg.moving { will-change: transform; }
        .chart a { cursor: pointer; }
        .chart a.selected path, .chart a.selected polygon { stroke: #e0115f; stroke-width: 4px; }
        .chart a.found path, .chart a.found polygon { stroke: #ff9800; stroke-width: 6px; }
        .chart-error { padding: 24px; }
        #minimap { position: absolute; right: 10px; bottom: 10px; width: 220px; height: 150px; background: #fff; border: 1px solid #999; box-shadow: 0 1px 4px rgba(0,0,0,.2); }
        #minimap { cursor: crosshair; }
        #minimap canvas { display: block; }
        #minimap .frame { position: absolute; background: rgba(31, 45, 61, .12); border: 2px solid #e0115f; pointer-events: none; }
        .panel { width: 400px; overflow-y: auto; border-left: 1px solid #ddd; padding: 8px 16px; background: #fdfdfd; }
        .panel h2 { margin: 4px 0; }
        .panel h3 { margin: 14px 0 4px; font-size: 14px; text-transform: uppercase; letter-spacing: .04em; color: #555; }
        dl.facts { display: grid; grid-template-columns: 90px 1fr; gap: 2px 8px; margin: 8px 0; }
        dl.facts dt { color: #666; }
        dl.facts dd { margin: 0; }
        ol.paths { padding-left: 20px; }
        ul.log, ul.gaps { padding-left: 18px; }
        ul.gaps li.high b { color: #b00020; }
        ul.gaps li.medium b { color: #b35c00; }
        .date { font-variant-numeric: tabular-nums; color: #555; }
        form.edit { display: grid; gap: 6px; margin: 6px 0 10px; }
        form.edit label { display: grid; grid-template-columns: 90px 1fr; align-items: center; gap: 6px; }
        form.edit button { justify-self: start; }
        details summary { cursor: pointer; font-weight: 600; margin-top: 6px; }
        ul.details code, .error code { white-space: pre-wrap; }
        """#
}

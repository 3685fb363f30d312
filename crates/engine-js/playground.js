// <retort-playground>: a live Alembic project in a documentation page. No framework: the
// engine's web build and the DOM. The project comes inline (a child
// <script type="text/x-python" data-path="versions/a1.py"> per file, or one
// <script type="application/json"> holding {path: text}), by URL (`src`, that JSON), or from
// a Retort share link (`link`). Script children of an unknown type never run. Nothing the project holds reaches the page as markup:
// every text is set with textContent, so a revision file cannot run script in the page.
import init, { Project } from './web/retort.js';

let ready;
/** Loads the engine once per page (the wasm beside web/retort.js unless given). */
export function loadEngine(wasm) {
  ready ??= init(wasm === undefined ? undefined : { module_or_path: wasm });
  return ready;
}

const STYLE = `
:host { display: block; font: 14px/1.4 system-ui, sans-serif; color: #1f2328;
  border: 1px solid #d0d7de; border-radius: 6px; overflow: hidden; background: #fff; }
header { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; padding: 8px;
  background: #f6f8fa; border-bottom: 1px solid #d0d7de; }
header .title { font-weight: 600; margin-right: auto; }
header .position { font-family: ui-monospace, monospace; font-size: 12px; }
button { font: inherit; font-size: 13px; padding: 3px 10px; border: 1px solid #d0d7de;
  border-radius: 6px; background: #fff; cursor: pointer; }
button:hover:not(:disabled) { background: #f3f4f6; }
button:focus-visible, li:focus-visible { outline: 2px solid #0969da; outline-offset: 1px; }
button:disabled { color: #8c959f; cursor: default; }
.body { display: grid; grid-template-columns: minmax(180px, 1fr) 2fr; min-height: 200px; }
@media (max-width: 600px) { .body { grid-template-columns: 1fr; } }
ol { list-style: none; margin: 0; padding: 6px; border-right: 1px solid #d0d7de; }
li { padding: 4px 6px; border-radius: 4px; cursor: pointer; display: flex; gap: 6px; align-items: baseline; }
li:hover { background: #f3f4f6; }
li .rev { font-family: ui-monospace, monospace; font-size: 12px; color: #57606a; }
li.applied .rev { color: #1a7f37; }
li.current { background: #ddf4ff; }
li .doc { overflow: hidden; text-overflow: ellipsis; }
section { padding: 8px; min-width: 0; }
h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: #57606a;
  margin: 4px 0; }
h4 { font: 600 12px ui-monospace, monospace; margin: 4px 0; }
pre { margin: 0 0 8px; padding: 6px; background: #f6f8fa; border-radius: 4px; overflow: auto;
  max-height: 16em; font: 12px/1.45 ui-monospace, monospace; white-space: pre-wrap;
  overflow-wrap: anywhere; }
.failure { color: #82071e; background: #ffebe9; border: 1px solid #ffcecb; }
.schema table { border-collapse: collapse; margin: 0 0 8px; font-size: 12px; }
.schema caption { text-align: left; font-weight: 600; font-family: ui-monospace, monospace; }
.schema td { border: 1px solid #d0d7de; padding: 1px 6px; font-family: ui-monospace, monospace; }
.muted { color: #57606a; }
`;

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

export class RetortPlayground extends HTMLElement {
  /** The engine's Project, once loaded. */
  project = null;
  #root;
  #shown = { steps: [], failure: null };

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
    this.#root.adoptedStyleSheets = [sheet];
  }

  async connectedCallback() {
    if (this.project) return;
    this.#root.replaceChildren(el('p', { class: 'muted', text: 'Loading the migration engine…' }));
    try {
      const files = await this.#files();
      await loadEngine();
      const link = this.getAttribute('link');
      this.project = link ? Project.openShared(link) : Project.open(files);
      const start = this.getAttribute('revision');
      if (start && !link) this.#go(start, false);
      this.#render();
    } catch (e) {
      this.#root.replaceChildren(el('pre', { class: 'failure', text: `This project could not be opened:\n${e.message ?? e}` }));
    }
  }

  async #files() {
    if (this.hasAttribute('link')) return null;
    const src = this.getAttribute('src');
    if (src) {
      const response = await fetch(new URL(src, document.baseURI));
      if (!response.ok) throw new Error(`${src}: ${response.status} ${response.statusText}`);
      return response.json();
    }
    const json = this.querySelector(':scope > script[type="application/json"]');
    if (json) return JSON.parse(json.textContent);
    const files = {};
    for (const file of this.querySelectorAll(':scope > script[data-path]')) {
      files[file.dataset.path] = file.textContent.replace(/^\r?\n/, '');
    }
    if (Object.keys(files).length === 0) {
      throw new Error('no project: give a src or link attribute, <script data-path="..."> children (a file each), or a <script type="application/json"> child with {path: text}');
    }
    return files;
  }

  /** Upgrades or downgrades to `target` ("head", "base", "+1", "-1", a revision). */
  go(target) {
    this.#go(target, true);
    this.#render();
  }

  #go(target, announce) {
    let result;
    try {
      const plan = /^[+-]\d+$/.test(target)
        ? { direction: target.startsWith('-') ? 'downgrade' : 'upgrade' }
        : this.project.plan(target);
      result = plan.direction === 'downgrade' ? this.project.downgrade(target) : this.project.upgrade(target);
    } catch (e) {
      result = { steps: [], failure: { message: e.message, file: e.file, line: e.line, column: e.column, hint: e.hint } };
    }
    this.#shown = result;
    if (announce) this.dispatchEvent(new CustomEvent('retort-step', { detail: result }));
  }

  #render() {
    const p = this.project;
    const history = p.history();
    const current = p.current();
    const applied = new Set();
    const parents = new Map(history.map((r) => [r.revision, r.downRevisions]));
    const stack = [...current];
    while (stack.length) {
      const r = stack.pop();
      if (!applied.has(r)) { applied.add(r); stack.push(...(parents.get(r) ?? [])); }
    }
    const atHead = history.length > 0 && history.filter((r) => r.isHead).every((r) => current.includes(r.revision));
    const button = (label, target, disabled, title) =>
      el('button', { type: 'button', title, onclick: () => this.go(target), ...(disabled ? { disabled: '' } : {}) }, label);
    const list = el('ol', { 'aria-label': 'revisions, newest first' }, ...history.map((r) => {
      const item = el('li', {
        tabindex: '0',
        class: [applied.has(r.revision) ? 'applied' : '', current.includes(r.revision) ? 'current' : ''].join(' ').trim(),
        title: `go to ${r.revision}`,
        onclick: () => this.go(r.revision),
        onkeydown: (e) => { if (e.key === 'Enter') this.go(r.revision); },
      }, el('span', { class: 'rev', text: r.revision.slice(0, 12) }), el('span', { class: 'doc', text: r.doc }));
      return item;
    }));
    const steps = this.#shown.steps.map((s) => [
      el('h4', { text: s.description }),
      el('pre', { class: 'sql', text: s.statements.map((st) => st.sql.trim() + ';').join('\n\n') }),
    ]).flat();
    const failure = this.#shown.failure;
    const failed = failure ? [el('pre', { class: 'failure', role: 'alert', text: failure.message })] : [];
    const schema = p.schema();
    const tables = schema.tables.map((t) => el('table', {},
      el('caption', { text: `${t.name} (${t.rows} row${t.rows === 1 ? '' : 's'})` }),
      ...t.columns.map((c) => el('tr', {},
        el('td', { text: c.name }),
        el('td', { text: c.type + (c.notNull ? ' NOT NULL' : '') + (c.primaryKey ? ' PK' : '') })))));
    this.#root.replaceChildren(
      el('header', {},
        el('span', { class: 'title', text: this.getAttribute('heading') || 'Alembic project' }),
        el('span', { class: 'position', text: current.length ? `at ${current.join(', ')}` : 'at base (empty database)' }),
        button('Base', 'base', current.length === 0, 'downgrade base'),
        button('−1', '-1', current.length === 0, 'downgrade -1'),
        button('+1', '+1', atHead, 'upgrade +1'),
        button('Head', 'heads', atHead, 'upgrade heads')),
      el('div', { class: 'body' },
        list,
        el('section', {},
          ...failed,
          ...(steps.length ? steps : [el('p', { class: 'muted', text: 'Step up or down: the SQL of each step appears here.' })]),
          el('h3', { text: 'Schema' }),
          el('div', { class: 'schema' }, ...(tables.length ? tables : [el('p', { class: 'muted', text: 'No tables.' })])))));
  }
}

if (!customElements.get('retort-playground')) customElements.define('retort-playground', RetortPlayground);

import type { Project, RunResult } from './web/retort.js';

/** Loads the engine once per page: the wasm beside `web/retort.js` unless given. */
export function loadEngine(wasm?: string | URL | Response | BufferSource | WebAssembly.Module): Promise<unknown>;

/**
 * `<retort-playground>`: a live Alembic project. Attributes: `src` (URL of a JSON
 * `{path: text}`), `link` (a Retort share link), or a child `<script type="application/json">`
 * with the files; `revision` (where to start; base if absent); `heading`. Fires `retort-step`
 * (detail: the `RunResult`) after each step the user takes.
 */
export class RetortPlayground extends HTMLElement {
  /** The engine's project, once loaded. */
  project: Project | null;
  /** Upgrades or downgrades to `target` (`head`, `base`, `+1`, `-1`, a revision). */
  go(target: string): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'retort-playground': RetortPlayground;
  }
  interface HTMLElementEventMap {
    'retort-step': CustomEvent<RunResult>;
  }
}

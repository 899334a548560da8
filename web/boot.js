// Starts the podenv explorer. Trunk writes the hashed names of the wasm-bindgen glue and the
// wasm into the data attributes of the script tag that loads this file (Trunk.toml
// pattern_script); both are resolved against the page, so the build works from any sub-path.
// data-editor names the code editor bundle (CodeMirror, web/editor/), loaded once the wasm has
// started.
const boot = document.getElementById('podenv-boot');
const base = document.baseURI;
// `#plain-editor` in the address keeps the plain textarea (the app clears the hash at start).
const plainEditor = location.hash === '#plain-editor';

// Analyses run in a Web Worker (worker.js, web/src/analyser.rs), where a trap only ends the
// worker and the app reports it in-app. When the page analyses inline (no worker could
// start), a wasm trap (a panic under panic = "abort", out of memory, ...) leaves the page's
// wasm instance unusable, so nothing inside it can report it: this plain-JS handler does. It shows a banner
// outside the app's root with the error and a reload button. The reload starts paused with
// the text kept, because the app's crash guard (web/src/guard.rs) left its marker in local
// storage. The strings come from the app (i18n.rs, via data-crash-* on <html>), in the page's
// language: the app puts them there before its first analysis and again on every language
// change. The English fallbacks below only show if the wasm trapped before the app started.
function showCrash(error) {
  if (document.getElementById('podenv-crash')) return;
  const root = document.documentElement.dataset;
  const banner = document.createElement('div');
  banner.id = 'podenv-crash';
  banner.className = 'crash-banner';
  banner.setAttribute('role', 'alert');
  banner.dataset.testid = 'crash-banner';
  const text = document.createElement('p');
  text.textContent = root.crashTitle ?? 'The analysis crashed and the explorer stopped. Your text is kept.';
  const detail = document.createElement('code');
  detail.textContent = String(error?.message ?? error);
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.dataset.testid = 'crash-reload';
  reload.textContent = root.crashReload ?? 'Reload (paused)';
  reload.addEventListener('click', () => location.reload());
  banner.append(text, detail, reload);
  document.body.prepend(banner);
}
const isTrap = (error) => error instanceof WebAssembly.RuntimeError;
window.addEventListener('error', (event) => { if (isTrap(event.error)) showCrash(event.error); });
window.addEventListener('unhandledrejection', (event) => { if (isTrap(event.reason)) showCrash(event.reason); });

// Offline after the first load: the service worker keeps a copy of the page's files.
if ('serviceWorker' in navigator && location.protocol.startsWith('http')) {
  navigator.serviceWorker.register(new URL('sw.js', base)).catch(() => {});
}

// The wasm is fetched and compiled once; the compiled Module serves the page and, passed by
// postMessage, every analysis worker the app starts (no second download).
const glue = new URL(boot.dataset.js, base).href;
const { default: init } = await import(glue);
const response = await fetch(new URL(boot.dataset.wasm, base));
const module = (response.headers.get('content-type') ?? '').startsWith('application/wasm')
  ? await WebAssembly.compileStreaming(response)
  : await WebAssembly.compile(await response.arrayBuffer());
globalThis.podenvBoot = { module, glue, worker: new URL('worker.js', base).href };
try {
  await init({ module_or_path: module });
} catch (error) {
  // A trap during the first analysis (a crashing share link or autosave) lands here.
  if (isTrap(error)) showCrash(error); else throw error;
}
document.documentElement.dataset.ready = 'true';

// The code editor, after the first results (the wasm started and rendered with the plain
// textarea): the app's editor swaps CodeMirror in on this event, keeping the text, cursor and
// focus. If the bundle cannot load, the textarea simply stays.
if (!plainEditor && boot.dataset.editor) {
  import(new URL(boot.dataset.editor, base).href).then(
    () => window.dispatchEvent(new Event('podenv-editor-ready')),
    () => {},
  );
}

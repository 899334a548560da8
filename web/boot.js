// Starts the podenv explorer. Trunk writes the hashed names of the wasm-bindgen glue and the
// wasm into the data attributes of the script tag that loads this file (Trunk.toml
// pattern_script); both are resolved against the page, so the build works from any sub-path.
const boot = document.getElementById('podenv-boot');
const base = document.baseURI;

// Offline after the first load: the service worker keeps a copy of the page's files.
if ('serviceWorker' in navigator && location.protocol.startsWith('http')) {
  navigator.serviceWorker.register(new URL('sw.js', base)).catch(() => {});
}

const { default: init } = await import(new URL(boot.dataset.js, base).href);
await init({ module_or_path: new URL(boot.dataset.wasm, base) });
document.documentElement.dataset.ready = 'true';

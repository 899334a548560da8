// The podenv explorer's analysis worker (a module worker started by web/src/analyser.rs).
// It runs the same wasm as the page: the page sends the compiled WebAssembly.Module and the
// address of the wasm-bindgen glue in its first message, so nothing is downloaded again. The
// Yew app's `main` does nothing here (there is no window). Protocol: see analyser.rs.
let ready;

self.onmessage = (event) => {
  const message = event.data;
  if (message.type === 'init') {
    ready = (async () => {
      const glue = await import(message.glue);
      await glue.default({ module_or_path: message.module });
      if (message.crashTest) glue.armCrashTest();
      return glue;
    })();
    ready.then(
      () => self.postMessage({ type: 'ready' }),
      (error) => self.postMessage({ type: 'failed', message: String(error?.message ?? error) }),
    );
  } else if (message.type === 'analyse' && ready) {
    ready.then((glue) => {
      const start = performance.now();
      let json;
      try {
        json = glue.analyseForPage(message.manifests, message.context, message.links, message.trace === true);
      } catch (error) {
        // A wasm trap (panic, out of memory): this instance is done; the page starts another.
        self.postMessage({ type: 'crash', generation: message.generation, message: String(error) });
        return;
      }
      // The JSON's bytes are transferred, not copied.
      self.postMessage({ type: 'result', generation: message.generation, json, ms: performance.now() - start }, [json.buffer]);
    }, () => {});
  }
};

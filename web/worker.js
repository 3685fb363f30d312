// Retort's engine worker (web/src/worker.rs): the page's own wasm, started without a page, so
// that long runs and Verify do not hold the page's thread. The page's first message brings
// the glue module's address and the compiled wasm module; the engine then takes every
// message, those that came while it started included. A run goes on in slices, each its own
// task, so that a cancel between them is read. If the engine stops (a trap: its memory is
// then not to be trusted), the page is told and this worker ends; the page does the job.
let take = null;
const early = [];

onmessage = ({ data }) => {
  if (take) take(data);
  else if (data && data.glue) start(data).catch(broken);
  else early.push(data);
};

async function start({ glue, module }) {
  const engine = await import(glue);
  await engine.default({ module_or_path: module });
  const slices = () => call(engine.worker_continue);
  function call(f, arg) {
    try {
      if (f(arg)) setTimeout(slices);
    } catch (e) {
      broken(e);
    }
  }
  take = (message) => call(engine.worker_message, message);
  early.splice(0).forEach(take);
}

function broken(e) {
  postMessage({ broken: String((e && e.message) || e) });
  close();
}

/**
 * SIGINT/SIGTERM during a collection: abort what is running, remove the partial tarball and
 * the staging directory, and exit 130/143 like a shell would. Returns a function that removes
 * the handlers once the collection is over.
 */
export function onInterrupt(abort: AbortController, cleanup: () => Promise<void>): () => void {
  const handle = (signal: NodeJS.Signals, code: number) => () => {
    abort.abort(new Error(`interrupted by ${signal}`));
    void cleanup().finally(() => {
      process.stderr.write(`studio-collect: interrupted by ${signal}; no bundle written\n`);
      process.exit(code);
    });
  };
  const onInt = handle('SIGINT', 130);
  const onTerm = handle('SIGTERM', 143);
  process.once('SIGINT', onInt);
  process.once('SIGTERM', onTerm);
  return () => {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  };
}

/**
 * Asks for a secret on the terminal without echoing it, as ssh does for a key passphrase.
 * Resolves undefined when there is no terminal to ask on (stdin or stderr redirected).
 */
export async function promptHidden(question: string): Promise<string | undefined> {
  const input = process.stdin;
  if (!input.isTTY || !process.stderr.isTTY) return undefined;
  // No echo from here on: raw mode first, then the question, so an early answer is not shown.
  input.setRawMode(true);
  process.stderr.write(question);
  input.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let answer = '';
      const onData = (chunk: Buffer): void => {
        for (const ch of chunk.toString('utf8')) {
          if (ch === '\r' || ch === '\n' || ch === '\u0004') {
            input.off('data', onData);
            resolve(answer);
            return;
          }
          if (ch === '\u0003') {
            input.off('data', onData);
            reject(new Error('passphrase prompt interrupted'));
            return;
          }
          if (ch === '\u007f' || ch === '\b') answer = answer.slice(0, -1);
          else answer += ch;
        }
      };
      input.on('data', onData);
    });
  } finally {
    input.setRawMode(false);
    input.pause();
    process.stderr.write('\n');
  }
}

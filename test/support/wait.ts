/** Polls `check` until it returns a value (not undefined or false); throws `message` after `timeoutMs`. */
export async function pollFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number, message: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((r) => setTimeout(r, 20));
  }
}

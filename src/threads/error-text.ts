/** An error as text a worker thread can post to the main thread (structured clone drops an Error's class). */
export const errorText = (err: unknown): string => (err instanceof Error ? (err.stack ?? err.message) : String(err));

// Reading a fetch answer before anything is authenticated (a key set, a certificate, a
// handshake's answer): the server is not trusted, so it must not make us buffer without end.

/**
 * The body of `response` as text, from at most `limit` bytes: a larger announced size, or more
 * bytes arriving, cancels the body (without waiting for it) and throws `tooLarge()`. `decode`
 * turns the bytes into text (and may refuse them).
 */
export async function responseText(response: Response, limit: number, tooLarge: () => Error, decode: (bytes: Uint8Array) => string): Promise<string> {
  // A fetch given by the caller may answer with something less than a full Response.
  const declared = Number(response.headers?.get?.("content-length"));
  if (declared > limit) {
    void response.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  const reader = response.body?.getReader?.();
  if (reader === undefined) {
    const text = await response.text();
    if (text.length > limit) throw tooLarge();
    return text;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      void reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return decode(bytes);
}

/** `options` must be an object; `call` names the call in the message, e.g. `"verify(scheme, options)"`. */
export function assertOptionsObject(options: unknown, call: string): void {
  if (options === null || typeof options !== "object") throw new TypeError(`${call}: options must be an object`);
}

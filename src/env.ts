/**
 * Environment access that never prompts: a variable is read only when `Deno.permissions` says the
 * read is already granted, so `deno run script.ts` without flags works and simply sees no
 * variables.
 *
 * @module
 */

/** The value of an environment variable, or undefined when unset or not readable without a prompt. */
export function readEnv(name: string): string | undefined {
  try {
    if (Deno.permissions.querySync({ name: "env", variable: name }).state !== "granted") {
      return undefined;
    }
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

/** Whether an environment variable can be read without a prompt (the permission is granted). */
export function envReadable(name: string): boolean {
  try {
    return Deno.permissions.querySync({ name: "env", variable: name }).state === "granted";
  } catch {
    return false;
  }
}

/**
 * File access on Deno for the router's static files and config, kept with the
 * other adapters (only `src/transport/*` touches the `Deno` namespace).
 *
 * @module
 */

/** Read-only file access for static web paths. */
export interface StaticFileSystem {
  /** The canonical absolute path (symlinks resolved); rejects when missing. */
  realPath(path: string): Promise<string>;
  /** Whether `path` is a file or a directory; rejects when missing. */
  stat(path: string): Promise<{ isFile: boolean; isDirectory: boolean }>;
  /** The file's bytes. */
  readFile(path: string): Promise<Uint8Array>;
  /** The entry names of a directory. */
  readDir(path: string): Promise<string[]>;
}

/** {@linkcode StaticFileSystem} on `Deno`. */
export const denoFileSystem: StaticFileSystem = Object.freeze({
  realPath: (p: string) => Deno.realPath(p),
  stat: async (p: string) => {
    const s = await Deno.stat(p);
    return { isFile: s.isFile, isDirectory: s.isDirectory };
  },
  readFile: (p: string) => Deno.readFile(p),
  readDir: async (p: string) => {
    const names: string[] = [];
    for await (const e of Deno.readDir(p)) names.push(e.name);
    return names.sort();
  },
});

/** Reads a UTF-8 text file (config, certificates). */
export function readTextFile(path: string): Promise<string> {
  return Deno.readTextFile(path);
}

/** The current working directory, or `"."` outside Deno. */
export function currentDirectory(): string {
  const d = (globalThis as { Deno?: { cwd?: () => string } }).Deno;
  return typeof d?.cwd === "function" ? d.cwd() : ".";
}

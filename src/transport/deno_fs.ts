/**
 * File access on Deno for the router's static files and config, kept with the
 * other adapters (only `src/transport/*` touches the `Deno` namespace).
 *
 * @module
 */

/**
 * Read-only file access for static web paths.
 *
 * @example An in-memory file system
 * ```ts
 * import type { StaticFileSystem } from "@autobahn/autobahn/router";
 *
 * const files = new Map([["/www/index.html", new TextEncoder().encode("<h1>Hi</h1>")]]);
 * const memoryFs: StaticFileSystem = {
 *   realPath: (p) => files.has(p) || p === "/www" ? Promise.resolve(p) : Promise.reject(new Error(p)),
 *   stat: (p) => Promise.resolve({ isFile: files.has(p), isDirectory: p === "/www" }),
 *   readFile: (p) => Promise.resolve(files.get(p)!),
 *   readDir: () => Promise.resolve(["index.html"]),
 * };
 * if ((await memoryFs.readFile("/www/index.html")).length !== 11) throw new Error("bad size");
 * ```
 */
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

/**
 * {@linkcode StaticFileSystem} on `Deno`.
 *
 * @example Reading a directory through the Deno file system
 * ```ts
 * import { denoFileSystem } from "@autobahn/autobahn/router";
 *
 * const dir = await Deno.makeTempDir({ dir: "/tmp" });
 * try {
 *   await Deno.writeTextFile(`${dir}/a.txt`, "a");
 *   const names = await denoFileSystem.readDir(dir);
 *   if (names.join() !== "a.txt") throw new Error(names.join());
 * } finally {
 *   await Deno.remove(dir, { recursive: true });
 * }
 * ```
 */
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

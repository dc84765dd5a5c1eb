/**
 * The addon's own surface (native/src/binding.cc), untyped in its requests: `rtnl.ts` is the typed
 * face everything else uses.
 */

/** A namespace: a name under /run/netns, a path, or an open fd; absent for the process's own. */
export type NetnsRef =
  string | { readonly name: string } | { readonly path: string } | { readonly fd: number };

/** One rtnetlink socket bound to a namespace. */
export interface RawHandle {
  run(op: string, spec?: object): unknown;
  runAsync(op: string, spec?: object): Promise<unknown>;
  close(): void;
  nsId(): { readonly dev: number; readonly ino: number };
}

/** What the addon exports. */
export interface RawBinding {
  readonly Handle: new (netns?: NetnsRef) => RawHandle;
  netnsAdd(name: string): void;
  netnsAddAsync(name: string): Promise<void>;
  netnsDelete(name: string): void;
  netnsDeleteAsync(name: string): Promise<void>;
}

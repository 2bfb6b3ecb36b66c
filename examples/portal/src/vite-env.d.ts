/** What Vite puts on import.meta (the portal reads one optional variable). */
interface ImportMeta {
  readonly env: Record<string, string | boolean | undefined>;
}

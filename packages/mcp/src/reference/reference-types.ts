/** One section of a language guide page (a `##` or `###` heading and its text). */
export interface GuideSection {
  /** the heading as a slug, unique within its page */
  readonly id: string;
  readonly title: string;
  /** 1 for the page's introduction, 2 or 3 for `##`/`###` */
  readonly level: number;
  /** the Markdown text under the heading */
  readonly text: string;
}

/** One page of the language guide (`docs/language/<name>.md`). */
export interface GuidePage {
  readonly name: string;
  readonly title: string;
  readonly sections: readonly GuideSection[];
}

/** One example program of `test/programs/` with its sample events. */
export interface ExampleProgram {
  readonly name: string;
  readonly description: string;
  readonly program: string;
  readonly events: string | null;
  readonly eventsFormat: 'evt' | 'jsonl' | null;
}

/** Everything bundled at build time by `scripts/bundle-reference.mjs`. */
export interface ReferenceData {
  readonly guide: readonly GuidePage[];
  readonly examples: readonly ExampleProgram[];
  readonly grammar: string;
}

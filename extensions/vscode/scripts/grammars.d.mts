/** The JSON text of each hand-written grammar, by output path (syntaxes/*.tmLanguage.json). */
export function renderGrammars(): Promise<Record<string, string>>;

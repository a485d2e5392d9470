// Types of check-layers.mjs for the unit test that runs it.
export declare const KNOWN_DEBTS: ReadonlySet<string>;
export declare function layerOf(file: string): string;
export declare function importsOf(text: string): string[];
export declare function violationsOf(file: string, text: string): string[];
export declare function checkLayers(): string[];

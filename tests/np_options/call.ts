// A call of tests/options_walk_test.ts: passes its argument where the options object goes.
// deno-lint-ignore no-explicit-any
export type Call = (o: any) => unknown;

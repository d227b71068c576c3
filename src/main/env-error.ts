/** A bad environment: the message names every wrong value; the CLI prints it and exits 1. */
export class EnvError extends Error {}

// The one place that wires everything: the server (`tocsin serve`, `npm start`) and the CLI.
export { runCli } from './main/cli';
